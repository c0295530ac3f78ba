from django.db import migrations


def install(apps, schema_editor):
    from casedesk.cases import triggers

    triggers.install(schema_editor.connection)


def drop(apps, schema_editor):
    from casedesk.cases import triggers

    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_seed_calendar")]
    operations = [migrations.RunPython(install, drop)]

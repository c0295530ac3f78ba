# The access log's time comes from the desk's clock, as the audit chain's does.

from django.db import migrations, models

import casedesk.cases.clock


def reinstall_triggers(apps, schema_editor):
    """SQLite alters a column by rebuilding the table, which drops its append-only triggers."""
    from casedesk.cases import triggers

    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_personal_data_encrypted"),
    ]

    operations = [
        migrations.AlterField(
            model_name="personaldataaccess",
            name="at",
            field=models.DateTimeField(default=casedesk.cases.clock.now, editable=False),
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]

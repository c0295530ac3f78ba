"""The access log counts a repeated view on its row (views, last_at); the append-only triggers of that
table are made again to allow exactly that update (casedesk.cases.triggers)."""

from django.db import migrations, models


def reinstall_triggers(apps, schema_editor):
    """The table's triggers as its columns now are (counting once `views` is there, plain before)."""
    from casedesk.cases import triggers

    table = [triggers.COUNTED_TABLE]
    triggers.drop(schema_editor.connection, table)
    triggers.install(schema_editor.connection, table)


def drop_triggers(apps, schema_editor):
    """Going back: the counting triggers name the columns about to go (SQLite refuses the drop)."""
    from casedesk.cases import triggers

    triggers.drop(schema_editor.connection, [triggers.COUNTED_TABLE])


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_conflicts_and_staff_identity")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_triggers),
        migrations.AddField(
            model_name="personaldataaccess", name="views",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="personaldataaccess", name="last_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(reinstall_triggers, drop_triggers),
    ]

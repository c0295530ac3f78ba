"""The inbox (workflows.inbox.open_tasks_for) lists a user's open human tasks, newest first. viewflow's
task table keeps every task a case ever had (about four a case, most of them done); this index holds the
open human ones alone, in the inbox's order, so that the first page reads the newest open tasks instead
of walking back through every task of the desk. viewflow's own table, so the index is plain SQL (the
same on SQLite and PostgreSQL)."""

from django.db import migrations

INDEX = "workflows_open_human_task_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_initial"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON viewflow_task (created DESC, id DESC) "
            "WHERE flow_task_type = 'HUMAN' AND status IN ('NEW', 'ASSIGNED')",
            f"DROP INDEX {INDEX}",
        ),
    ]

"""The tasks of a case's process point to the case, as the process does (models.CaseProcessTask), and the
open human ones are indexed by it, in the inbox's order.

The inbox (workflows.inbox.open_task_ids) finds the open tasks of the cases a user sees, oldest first.
Through the process, each visible case cost two index lookups and a read of its process row and of its
tasks' rows: a mediator who sees their unit's queue of 6,600 cases at a million (bench/README.md, "An
eleventh pass") read as many. The index holds, after the case and the inbox's order, every column the
inbox's query reads, so that each case is one lookup in the index alone (PostgreSQL's index-only scan;
plain key columns rather than INCLUDE, which SQLite has not).

0002's index, in the inbox's order over every case, still serves whoever sees most of the desk (a
province's supervisor). PostgreSQL chooses between the two by how many of the visible cases' tasks it
expects the user may take: the statistic here tells it that a task without an owner is a new one, for a
role. With the columns taken apart it expected 500 of a county supervisor's 14,300, and read the county's
21,700 cases one by one (78 ms at a million) where the first nine came after 500 open tasks in order (3 ms).

The tasks made before this migration get their process's case here. viewflow's own table, so the index
is plain SQL, like 0002's.
"""

from django.db import migrations

INDEX = "workflows_open_case_task_idx"

# What the inbox's filter reads together (workflows.inbox.open_task_ids: mine, or free for my role's permission).
STATISTIC = "CREATE STATISTICS workflows_task_owner_stats (mcv) ON status, owner_id, owner_permission FROM viewflow_task"

POINT_TO_THE_CASE = """
UPDATE viewflow_task SET
    artifact_content_type_id = (SELECT p.artifact_content_type_id FROM viewflow_process p WHERE p.id = process_id),
    artifact_object_id = (SELECT p.artifact_object_id FROM viewflow_process p WHERE p.id = process_id)
WHERE artifact_object_id IS NULL
"""


def statistic(create):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(STATISTIC if create else "DROP STATISTICS IF EXISTS workflows_task_owner_stats")
        if create:
            schema_editor.execute("ANALYZE viewflow_task")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0002_open_task_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseProcessTask",
            fields=[],
            options={"proxy": True, "indexes": [], "constraints": []},
            bases=("viewflow.task",),
        ),
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON viewflow_task "
            "(artifact_object_id, created, id, artifact_content_type_id, owner_id, status, owner_permission) "
            "WHERE flow_task_type = 'HUMAN' AND status IN ('NEW', 'ASSIGNED')",
            f"DROP INDEX {INDEX}",
        ),
        migrations.RunPython(statistic(True), statistic(False)),
        # Last: PostgreSQL makes no index on a table whose rows this transaction changed (their foreign keys'
        # checks wait for the commit). Backwards, the tasks keep their pointers: viewflow's own tasks leave the
        # columns empty and read nothing from them.
        migrations.RunSQL(POINT_TO_THE_CASE, migrations.RunSQL.noop),
    ]

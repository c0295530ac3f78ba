"""The figures' groups are by status, channel and outcome (casedesk.reports.stats): the cases of each category
and employment form, and the collective ones, are counted inside each group, no longer grouped by. The
statistics of the groups (0003) are on those three columns now: PostgreSQL computes an ndistinct statistic for
every combination of its columns at each ANALYZE, 57 of them for the six columns it was on, where one serves.
tests/reports/test_figure_statistics.py holds the estimate of the groups as before. PostgreSQL only."""

from django.db import migrations

OLD = "(ndistinct) ON status, category, channel, outcome, is_collective, employment_forms"
NEW = "(ndistinct) ON status, channel, outcome"


def on(columns):
    def replace(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("DROP STATISTICS IF EXISTS case_figure_groups")
        schema_editor.execute(f"CREATE STATISTICS case_figure_groups {columns} FROM cases_case")
        schema_editor.execute("ANALYZE cases_case")

    return replace


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_figure_statistics")]

    operations = [migrations.RunPython(on(NEW), on(OLD))]

"""How many groups the figures' GROUP BY statements make, told to PostgreSQL (casedesk.reports.stats).

The figures group a period's cases by a few columns that go together (status, category, channel, outcome,
collective, employment forms), by month of registration and category, and by the days to closure.
PostgreSQL estimates the groups of several columns as the product of each column's distinct values, and
those of an expression it has no statistics on as about as many as the rows: at a million cases it expected
165,000 groups of a year's 311,000 cases where there are 12,000, and sorted them on disk instead of hashing
them (1.2 s of the statistics page's 2.7 s); it planned the monthly and the days' statements without
parallel workers for the same reason (bench/README.md, "An eighth pass"). Extended statistics on the same
columns and expressions give it the real numbers at each ANALYZE.

An expression's statistics serve only a statement that writes it the same way: these are written as Django
writes TruncMonth and `stats.days_to_close()` in the desk's time zone, and
tests/reports/test_figure_statistics.py fails when an estimate strays from its groups again. SQLite plans
no hash aggregates and keeps no such statistics: nothing is done there.
"""

from django.conf import settings
from django.db import migrations


def statistics(zone):
    """{name: what CREATE STATISTICS reads} of the figures' three groupings."""

    def local(column):
        return f"({column} AT TIME ZONE '{zone}')"

    return {
        "case_figure_groups": "(ndistinct) ON status, category, channel, outcome, is_collective, employment_forms",
        "case_month_groups": f"(ndistinct) ON category, (date_trunc('month', {local('submitted_at')}))",
        "case_days_to_close": f"ON (('1 day'::interval * ({local('closed_at')}::date - {local('submitted_at')}::date)))",
    }


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in statistics(settings.TIME_ZONE).items():
        schema_editor.execute(f"CREATE STATISTICS {name} {definition} FROM cases_case")
    schema_editor.execute("ANALYZE cases_case")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in statistics(settings.TIME_ZONE):
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_reminder_moved_from"),
        ("cases", "0028_waiting_cases_index"),
    ]

    operations = [migrations.RunPython(create, drop)]

"""The figures' statements read an index alone (PostgreSQL's index-only scans), not the case rows: a county's
through the index by unit and registration, the whole desk's through that one or the one by registration
(whichever the planner finds cheaper for the grouping). Each index holds every column the figures read
(Case.Meta: FIGURES_COLUMNS); a figure that starts reading another column of the case fails here until the
column is added to both. At a million cases a county's statistics page went from 85 to 57 ms
(bench/README.md, "A ninth pass")."""

import datetime

import pytest
from django.db import connection, transaction

from casedesk.cases.models import Case
from casedesk.reports import periods, stats
from casedesk.units import tree
from casedesk.units.models import Unit

from ..factories import CaseFactory, EmployerFactory, UserFactory
from ..query_plans import plans_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index-only scans"),
]

UTC = datetime.timezone.utc
READ_ALONE = {f"Index Only Scan using {index}" for index in ("case_unit_figures_idx", "case_period_figures_idx")}


@pytest.fixture
def county(db):
    city = Unit.objects.create(name="某市总工会", parent=tree.root(), number_prefix="市工调字")
    made = Unit.objects.create(name="东县总工会", parent=city, number_prefix="东工调字")
    station = Unit.objects.create(name="东县开发区职工维权服务站", parent=made)
    employer, volunteer = EmployerFactory(), UserFactory(role="volunteer")
    for unit, status, month in ((made, "closed", 3), (station, "mediating", 5), (city, "archived", 7),
                                (tree.root(), "withdrawn", 9)):
        submitted = datetime.datetime(2026, month, 10, 2, tzinfo=UTC)
        CaseFactory.create_batch(3, unit=unit, employer=employer, registered_by=volunteer, status=status,
                                 submitted_at=submitted, closed_at=submitted + datetime.timedelta(days=12),
                                 employment_forms=",contract,platform,", recovered_amount="1200.00")
    leave_rolled_back_rows()
    with connection.cursor() as cursor:
        # The table as a desk's would be, not as the tests before left it: every test's rolled-back rows stay in
        # the indexes until a vacuum, and the planner prices a bloated index by its pages (on the CI's
        # PostgreSQL it then read another index and the case rows).
        cursor.execute("REINDEX TABLE cases_case")
        cursor.execute("ANALYZE cases_case")
        # What VACUUM (autovacuum at the desk, bench/datagen.py in the bench) records and a test's transaction
        # cannot: every page of the table all-visible, so that the planner costs an index-only scan as one.
        cursor.execute("UPDATE pg_class SET relallvisible = relpages WHERE oid = 'cases_case'::regclass")
    return made


def leave_rolled_back_rows(copies=500):
    """What the tests before this one leave in the case table's indexes: rows inserted and rolled back."""
    columns = [field.column for field in Case._meta.concrete_fields if not field.primary_key]
    chosen = ", ".join(f'"{column}"' for column in columns)
    copied = ", ".join(f"\"{column}\" || '-' || g" if column == "number" else f'"{column}"' for column in columns)
    sid = transaction.savepoint()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO cases_case ({chosen}) SELECT {copied} FROM cases_case, generate_series(1, %s) g",
                       [copies])
    transaction.savepoint_rollback(sid)


def grouping_plans(unit):
    period = periods.year(2026)

    def figures():
        stats.figures_for(period, unit)
        stats.monthly(period, unit)

    return plans_of(figures, keep=lambda sql: "GROUP BY" in sql and 'FROM "cases_case"' in sql)


@pytest.mark.parametrize("whose", ["county", "root"])
def test_each_grouping_of_the_figures_reads_an_index_alone(county, whose):
    plans = grouping_plans(county if whose == "county" else None)

    assert len(plans) == 4  # the columns, by unit, the days to closure, by month
    for plan in plans:
        scans = [line.split(" on ")[0].strip(" ->") for line in plan.splitlines() if " on cases_case" in line]
        assert len(scans) == 1 and scans[0] in READ_ALONE, plan


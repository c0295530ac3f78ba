"""PostgreSQL knows how many groups the figures' statements make (reports migration 0003): without the
statistics it expected about a group a case where a year's cases make a few thousand, and sorted a million
cases' year on disk instead of hashing it (bench/README.md, "An eighth pass"). Here the cases come in four
kinds whose columns go together, as they do at the desk; each GROUP BY that figures_for and monthly run on the
case table must be expected to make about as many groups as it does. A statement that groups by an expression
written otherwise than the statistics' (say, a month in another time zone) fails."""

import datetime

import pytest
from django.db import connection

from casedesk.reports import periods, stats

from ..factories import CaseFactory, EmployerFactory, UserFactory
from ..query_plans import statements_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's estimates of groups"),
]

UTC = datetime.timezone.utc
# Four kinds of case, each column of a kind going with the others; each kind registered in its own month and
# closed after its own number of days.
KINDS = [
    {"status": "closed", "category": "wage_arrears", "channel": "walk_in", "outcome": "settled",
     "is_collective": False, "employment_forms": ",contract,", "month": 3, "days": 9},
    {"status": "archived", "category": "contract_termination", "channel": "hotline_12351", "outcome": "failed",
     "is_collective": True, "employment_forms": ",contract,platform,", "month": 5, "days": 21},
    {"status": "withdrawn", "category": "overtime", "channel": "online", "outcome": "withdrawn",
     "is_collective": False, "employment_forms": ",dispatch,", "month": 7, "days": 4},
    {"status": "rejected", "category": "social_insurance", "channel": "transfer", "outcome": "",
     "is_collective": False, "employment_forms": ",informal,", "month": 9, "days": 2},
]
PER_KIND = 60


@pytest.fixture
def correlated_cases(db):
    employer, volunteer = EmployerFactory(), UserFactory(role="volunteer")
    for kind in KINDS:
        kind = dict(kind)
        submitted = datetime.datetime(2026, kind.pop("month"), 10, 2, tzinfo=UTC)
        CaseFactory.create_batch(PER_KIND, employer=employer, registered_by=volunteer, submitted_at=submitted,
                                 closed_at=submitted + datetime.timedelta(days=kind.pop("days")), **kind)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")


def figures():
    period = periods.year(2026)
    stats.figures_for(period)
    stats.monthly(period)


def estimated_and_real_groups(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        estimated = cursor.fetchone()[0][0]["Plan"]["Plan Rows"]
        cursor.execute(sql)
        return estimated, len(cursor.fetchall())


def test_each_grouping_of_the_figures_is_expected_to_make_the_groups_it_makes(correlated_cases):
    statements = statements_of(figures, keep=lambda sql: "GROUP BY" in sql and 'FROM "cases_case"' in sql)
    groupings = {sql.split("GROUP BY")[0].split(" FROM ")[0][:80]: estimated_and_real_groups(sql)
                 for sql in statements}

    assert len(groupings) == 4, list(groupings)  # the columns, by unit, the days to closure, by month
    for grouping, (estimated, real) in groupings.items():
        assert real <= estimated <= 2 * real, (grouping, estimated, real)

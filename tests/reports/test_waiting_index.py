"""The overdue cases' totals (the figures' list behind the overdue count) and the deadline page's counts read
the index of the cases waiting on a date (case_waiting_idx) alone: at a million cases the totals were a
sequential scan of every row, 211 ms, and are an index-only scan of the 370,000 waiting cases, 51 ms
(bench/README.md, "A seventh pass"). The index holds the rule's shape (casedesk.cases.pending.pending_q),
which each term of the overdue and due-soon rules implies; a change of the rule that leaves the index behind
fails here."""

import pytest
from django.db import connection

from casedesk.cases import clock

from ..factories import CaseFactory
from ..query_plans import plans_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL's index-only scans"),
]


def page(client, url):
    def get():
        assert client.get(url).status_code == 200

    return get


@pytest.fixture(autouse=True)
def cases(db):
    today = clock.today()
    CaseFactory.create_batch(3, acceptance_due=today.replace(day=1))


def test_the_overdue_cases_totals_read_the_waiting_cases_index_alone(login, supervisor):
    (plan,) = plans_of(page(login(supervisor), "/reports/cases/?overdue=true"),
                       keep=lambda sql: 'SUM("cases_case"."applicant_count")' in sql)

    assert "Index Only Scan using case_waiting_idx" in plan, plan


def test_the_deadline_pages_counts_read_the_waiting_cases_index_alone(login, supervisor):
    plans = plans_of(page(login(supervisor), "/deadlines/"), keep=lambda sql: "SELECT COUNT(*)" in sql)

    assert len(plans) == 2 and all("Index Only Scan using case_waiting_idx" in plan for plan in plans), plans


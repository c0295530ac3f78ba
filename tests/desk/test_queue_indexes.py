"""Home's lists and the deadline page read each branch of what a user sees (casedesk.cases.selectors.first_rows)
in its order from an index, instead of sorting every case of the branch: at a million cases a mediator's
deadline list sorted the 6,500 cases of the unit's queue (53 ms, now 3 ms) and a volunteer's lists 1,600 of
their registrations (bench/README.md, "A seventh pass"). An index serves a query only while it holds the
very expression and condition the query has: these tests ask the database's plan, so that a change to the
visibility rule or to the deadline expression that leaves its index behind fails here."""

import pytest
from django.db import connection
from django.db.models import Q

from casedesk.cases import clock, deadlines, selectors
from casedesk.cases.choices import OPEN_STATES
from casedesk.cases.pending import pending_due

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


def plans(user, order, where=None, prepare=None):
    """The plan of each branch's query, with the planner told to avoid what an index spares (PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; "
                           "SET LOCAL enable_sort = off")
        found = [cases.explain() for cases in selectors.branch_queries(user, 8, order, where, prepare)]
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_sort")
    return found


def reads(plan, index):
    return index in plan and "TEMP B-TREE" not in plan and "Sort Key" not in plan


@pytest.fixture(autouse=True)
def cases(volunteer, mediator):
    CaseFactory.create_batch(3, registered_by=volunteer)
    CaseFactory.create_batch(3)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's planner, without statistics, reads the unit's "
                    "cases by status and sorts them; a desk on SQLite is a small one")
def test_a_mediators_deadline_list_reads_the_units_queue_by_its_dates(mediator):
    near = deadlines.due_soon_or_overdue_q(clock.today())

    queue, _own = plans(mediator, ("due", "id"), near, lambda cases: selectors.listed(cases).annotate(due=pending_due()))

    assert reads(queue, "case_queue_due_idx"), queue


@pytest.mark.parametrize(("order", "index"), [
    (("-submitted_at", "-id"), "case_registered_idx"),
    (("-updated_at", "-id"), "case_registered_recent_idx"),
])
def test_a_volunteers_lists_read_their_registrations_in_order(volunteer, order, index):
    registered, _online = plans(volunteer, order, Q(registered_by=volunteer, status__in=OPEN_STATES))

    assert reads(registered, index), registered

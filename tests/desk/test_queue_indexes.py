"""Home's lists and the deadline page read each branch of what a user sees (casedesk.cases.selectors.first_rows)
in its order from an index, instead of sorting every case of the branch: at a million cases a mediator's
deadline list sorted the 6,500 cases of the unit's queue (53 ms, now 3 ms) and a volunteer's lists 1,600 of
their registrations (bench/README.md, "A seventh pass"). An index serves a query only while it holds the
very expression and condition the query has: these tests ask the database's plan of the statements the
lists ran, so that a change to the visibility rule or to the deadline expression that leaves its index
behind fails here."""

import pytest
from django.db import connection

from casedesk.desk import queues
from casedesk.reports import watch

from ..factories import CaseFactory
from ..query_plans import plans_of, reads_in_order

pytestmark = pytest.mark.django_db

# The branch of a mediator's view that is the unit's queue (casedesk.cases.access.visibility).
QUEUE = '"cases_case"."mediator_id" IS NULL'
# The branch of a volunteer's view that is the online applications of their unit.
ONLINE = "casedesk-portal"


@pytest.fixture(autouse=True)
def cases(volunteer, mediator):
    CaseFactory.create_batch(3, registered_by=volunteer)
    CaseFactory.create_batch(3)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's planner, without statistics, reads the unit's "
                    "cases by status and sorts them; a desk on SQLite is a small one")
@pytest.mark.parametrize("deadline_list", [
    lambda user: queues.soonest_deadlines(user, queues.HOME_ROWS),
    lambda user: watch.due_work(user, limit=200),
], ids=["home", "deadline page"])
def test_a_mediators_deadline_lists_read_the_units_queue_by_its_dates(mediator, deadline_list):
    (queue,) = plans_of(lambda: deadline_list(mediator), keep=lambda sql: QUEUE in sql and "ORDER BY" in sql)

    assert reads_in_order(queue, "case_queue_due_idx"), queue


@pytest.mark.parametrize(("home_list", "index"), [
    (queues.latest_registrations, "case_registered_idx"),
    (queues.recent_cases, "case_registered_recent_idx"),
])
def test_a_volunteers_lists_read_their_registrations_in_order(volunteer, home_list, index):
    (registered,) = plans_of(lambda: home_list(volunteer, queues.HOME_ROWS),
                             keep=lambda sql: 'FROM "cases_case"' in sql and ONLINE not in sql)

    assert reads_in_order(registered, index), registered

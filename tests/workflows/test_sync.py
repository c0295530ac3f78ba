"""The flow follows its case whichever way the case changes: the API, the desk's case page
(the transition service called directly), several changes before the flow caught up, and
cases that were there before their flow."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.status import STATUS

from casedesk.cases import transitions
from casedesk.cases.choices import Status
from casedesk.cases.models import CaseEvent
from workflows.models import CaseProcess

from ..conftest import register_case, unchanged
from .conftest import done_tasks, open_task, open_tasks, process_of, tasks, without_flows
from .test_paths import MEDIATION_TASKS, REASON

pytestmark = pytest.mark.django_db


def test_accepting_through_the_api_completes_the_acceptance_task(register, api, mediator, committed):
    case = register()

    with committed():
        response = api(mediator).post(f"/api/cases/{case.pk}/transitions/accept/", {}, format="json")

    assert response.status_code == 200
    (task,) = tasks(case, STATUS.DONE, node="decide_acceptance")
    event = CaseEvent.objects.get(case=case, action="accept")
    assert task.owner == mediator and task.data["done_by"] == "accept" and task.data["event"] == event.pk
    assert open_tasks(case) == ["assign"]


def test_a_refused_transition_leaves_the_flow_alone(register, api, mediator, committed):
    case = register()

    with unchanged(case), committed():
        response = api(mediator).post(f"/api/cases/{case.pk}/transitions/reject/", {"reason": "x"}, format="json")

    assert response.status_code == 403
    assert open_tasks(case) == ["decide_acceptance"] and done_tasks(case) == []


def test_withdrawal_on_the_case_page_ends_mediation_in_the_flow(mediating, volunteer, committed):
    case = mediating()
    with committed():
        transitions.perform(case, "withdraw", volunteer, **REASON)

    (outcome,) = tasks(case, STATUS.DONE, node="record_outcome")
    assert outcome.data["done_by"] == "withdraw" and outcome.owner_id == case.mediator_id
    assert {t.status for t in tasks(case) if t.flow_task.name in MEDIATION_TASKS} == {
        STATUS.DONE, STATUS.CANCELED
    }
    assert open_tasks(case) == ["close"]


def test_reassignment_hands_the_open_mediation_tasks_to_the_new_mediator(
    mediating, supervisor, other_mediator, committed
):
    case = mediating()
    with committed():
        transitions.perform(case, "reassign", supervisor, mediator=other_mediator.pk, **REASON)

    assert {(t.owner_id, t.status) for t in tasks(case, STATUS.NEW, STATUS.ASSIGNED)} == {
        (other_mediator.pk, STATUS.ASSIGNED)
    }
    assert open_tasks(case) == MEDIATION_TASKS


def test_changes_committed_before_the_flow_followed_still_leave_it_where_the_case_is(
    volunteer, mediator, supervisor, committed
):
    with committed():
        case = register_case(volunteer)  # not the package's `register`, which commits on its own
        case = transitions.perform(case, "accept", mediator)
        case = transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
        case = transitions.perform(case, "record_failure", mediator, **REASON)

    assert case.status == Status.FAILED and open_tasks(case) == ["close"]


def test_start_flows_starts_each_case_where_it_stands_and_only_once(volunteer, mediator, supervisor):
    with without_flows():  # cases registered before the workflows existed
        waiting = register_case(volunteer)
        assigned = transitions.perform(transitions.perform(register_case(volunteer), "accept", mediator), "assign",
                                       supervisor, mediator=mediator.pk)
        failed = transitions.perform(assigned, "record_failure", mediator, **REASON)
    assert not CaseProcess.objects.exists()

    call_command("start_flows", stdout=None)
    call_command("start_flows", stdout=None)

    assert CaseProcess.objects.count() == 2
    assert open_tasks(waiting) == ["decide_acceptance"]
    assert open_tasks(failed) == ["close"]
    assert done_tasks(failed) == []


def test_a_task_done_on_the_case_page_is_completed_once_by_the_sync(register, mediator, do_task):
    case = register()

    do_task(case, "decide_acceptance", mediator, transition="accept")

    (task,) = tasks(case, STATUS.DONE, node="decide_acceptance")
    assert task.data["done_by"] == "accept" and task.owner == mediator
    assert open_task(case, "assign").status == STATUS.NEW
    assert process_of(case).task_set.filter(flow_task_type="HUMAN").count() == 2


def test_an_extension_moves_its_timer_in_the_same_transaction_reading_nothing_but_the_flow(mediating, mediator):
    """The flow follows inside the change's transaction, with the case as the service saved it: this test's
    transaction never commits (no on-commit callback runs), and the timer has moved all the same. Beyond the
    service's own three statements, an extension costs one read of the flow (the process, its open tasks and
    their timers together) and the timer's move (bench/: transitions_per_s_ratio_to_orm_floor)."""
    case = mediating()
    with CaptureQueriesContext(connection) as captured:
        transitions.perform(case, "extend", mediator, until="2026-11-30", parties_consent=True,
                            reason="双方当事人同意延长调解期限")
    sql = [q["sql"] for q in captured.captured_queries]
    case_reads = [s for s in sql if s.startswith("SELECT") and 'FROM "cases_case"' in s]
    assert len(case_reads) == 1  # the service's locked read; the flow takes the row it saved
    assert not any('FROM "auth_user"' in s for s in sql)  # the actor is read only when a task needs them
    assert not any("calendar" in s or 'FROM "cases_caseevent"' in s for s in sql)  # within the cap's bound
    statements = [s for s in sql if not s.startswith(("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT"))]
    assert [s.split()[0] for s in statements] == ["SELECT", "INSERT", "UPDATE", "SELECT", "UPDATE"], sql
    assert 'UPDATE "viewflow_task" SET "scheduled"' in statements[-1]
    (timer,) = tasks(case, STATUS.SCHEDULED, node="record_outcome__timeout")
    assert timezone.localtime(timer.scheduled).date().isoformat() == "2026-12-01"



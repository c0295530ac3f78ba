"""Two people change a case at the same moment (PostgreSQL, real threads and row locks): one
wins, and the flow ends up where the case is, with no error in the sync."""

import threading

import pytest
from django.db import connection
from viewflow.workflow.status import STATUS

from casedesk.cases import transitions
from casedesk.cases.errors import TransitionNotAllowed
from casedesk.cases.models import Case

from .conftest import open_tasks, tasks
from .test_paths import REASON

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def race(*moves):
    """Run each (user, transition) in its own thread and connection, all released at once."""
    barrier, refused = threading.Barrier(len(moves)), []

    def move(user, name):
        try:
            barrier.wait()
            transitions.perform(Case.objects.get(), name, user, **REASON)
        except TransitionNotAllowed:
            refused.append(name)
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=m) for m in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return refused


def test_withdrawal_and_failure_at_once_leave_one_outcome_in_the_flow(
    transactional_db, register, volunteer, mediator, supervisor
):
    case = register()  # a real commit: the flow starts and follows on its own
    case = transitions.perform(case, "accept", mediator)
    case = transitions.perform(case, "assign", supervisor, mediator=mediator.pk)

    refused = race((volunteer, "withdraw"), (mediator, "record_failure"))

    case.refresh_from_db()
    assert len(refused) == 1
    (outcome,) = tasks(case, STATUS.DONE, node="record_outcome")
    assert outcome.data["done_by"] not in refused
    assert open_tasks(case) == ["close"]


def test_the_flows_own_lock_waits_for_a_change_holding_the_case_row(transactional_db, mediating):
    """A timer that fires or a task assigned in the inbox (viewflow's lock, MediationFlow.lock_impl) takes the
    case row first, as a change does before its flow follows: never the other way round, so never a deadlock."""
    import time

    from django.db import transaction

    from workflows.flows import MediationFlow
    from workflows.models import CaseProcess

    case = mediating()
    process = CaseProcess.for_case(case.pk).get()
    held, release, order = threading.Event(), threading.Event(), []

    def change():
        try:
            with transaction.atomic():
                Case.objects.select_for_update().get(pk=case.pk)
                held.set()
                release.wait(10)
                order.append("change committed")
        finally:
            connection.close()

    def flow():
        try:
            held.wait(10)
            with MediationFlow.lock(process.pk):
                order.append("flow locked")
        finally:
            connection.close()

    threads = [threading.Thread(target=change), threading.Thread(target=flow)]
    for thread in threads:
        thread.start()
    held.wait(10)
    time.sleep(0.5)  # the flow is waiting for the row by now; were it not, it would have gone first
    release.set()
    for thread in threads:
        thread.join(20)
    assert order == ["change committed", "flow locked"]

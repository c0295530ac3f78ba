"""Races between real threads on PostgreSQL: row locks decide, and nothing is lost or doubled.

Each thread has its own database connection (Django's are per thread) and closes it at the end.
The frozen clock lives in a contextvar, which new threads do not inherit: each sets it again.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from casedesk.cases import audit, clock, intake, transitions
from casedesk.cases.errors import TransitionNotAllowed
from casedesk.cases.models import Case, CaseEvent

from ..conftest import NOW, client_for, id_number, registration_body
from ..factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]

JOIN_TIMEOUT = 60


@pytest.fixture
def db_access(transactional_db):
    """Committed data the threads can see. What migrations made (groups, calendar) is put back by
    conftest's restore_reference_data; a serialized rollback would collide with the content types
    that the previous transactional test's flush recreated under new ids."""


def run_together(*jobs):
    """Run each job in its own thread, all released at once; returns each job's result or exception."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            with clock.frozen(NOW):
                barrier.wait(timeout=JOIN_TIMEOUT)
                results[index] = job()
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            results[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread hung: lock wait or deadlock"
    return results


def perform_on(pk, name, actor, **data):
    def job():
        return transitions.perform(Case.objects.get(pk=pk), name, actor, **data)

    return job


def chain(case):
    """The case's events as (seq, action), leaving out documents that transitions issue after commit."""
    events = list(CaseEvent.objects.filter(case=case).order_by("seq").values_list("seq", "action"))
    assert [seq for seq, _action in events] == list(range(1, len(events) + 1))
    return [(seq, action) for seq, action in events if action != "document"]


def outcome(result):
    return "won" if isinstance(result, Case) else type(result).__name__


@pytest.mark.parametrize("round_", range(10))
def test_accept_and_reject_racing_on_one_case_leave_one_winner(db_access, register, mediator, supervisor, round_):
    case = register()

    accepted, rejected = run_together(
        perform_on(case.pk, "accept", mediator),
        perform_on(case.pk, "reject", supervisor, reason="不属于受理范围"),
    )

    assert sorted([outcome(accepted), outcome(rejected)]) == ["TransitionNotAllowed", "won"]
    loser = accepted if isinstance(rejected, Case) else rejected
    assert isinstance(loser, TransitionNotAllowed)
    case.refresh_from_db()
    winner = "accept" if isinstance(accepted, Case) else "reject"
    assert case.status == {"accept": "accepted", "reject": "rejected"}[winner]
    assert chain(case) == [(1, "create"), (2, winner)]
    assert audit.verify_case(case) is None


def test_the_api_answers_one_race_with_200_and_the_other_with_409(db_access, register, supervisor):
    """Two supervisors, who both see the case whichever way it goes (a mediator who lost to a rejection
    no longer sees the case at all: 404, which is right, but not the race this test is about)."""
    case = register()
    other_supervisor = UserFactory(role="supervisor")
    url = f"/api/cases/{case.pk}/transitions"

    def post(user, name, body):
        def job():
            return client_for(user).post(f"{url}/{name}/", body, format="json")

        return job

    accepted, rejected = run_together(
        post(other_supervisor, "accept", {}), post(supervisor, "reject", {"reason": "不属于受理范围"})
    )

    assert not isinstance(accepted, BaseException), accepted
    assert not isinstance(rejected, BaseException), rejected
    assert sorted([accepted.status_code, rejected.status_code]) == [200, 409]
    loser = accepted if rejected.status_code == 200 else rejected
    assert loser.json()["error"] == "wrong_state"
    case.refresh_from_db()
    winner = {"accepted": "accept", "rejected": "reject"}[case.status]
    assert [action for _seq, action in chain(case)] == ["create", winner]
    assert audit.verify_case(case) is None


def test_eight_desks_registering_at_once_get_forty_gap_free_numbers(db_access, volunteer, mediator, supervisor):
    users = [volunteer, mediator, supervisor]

    def desk(n):
        def job():
            numbers = []
            for i in range(5):
                body = registration_body()
                body["applicants"][0]["id_number"] = id_number(n * 10 + i)
                numbers.append(intake.register_case(actor=users[n % 3], data=body).case.number)
            return numbers

        return job

    results = run_together(*(desk(n) for n in range(8)))

    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, failures
    numbers = [number for desk_numbers in results for number in desk_numbers]
    assert len(numbers) == len(set(numbers)) == 40
    assert sorted(Case.objects.values_list("serial", flat=True)) == list(range(1, 41))
    assert sorted(numbers) == sorted(Case.objects.values_list("number", flat=True))
    assert CaseEvent.objects.filter(action="create").count() == 40
    assert audit.verify_all() == []


def test_transitions_at_once_on_several_cases_keep_every_chain_whole(db_access, register, mediator, supervisor):
    first, second, shared = register(), register(), register()
    for case in (first, second, shared):
        transitions.perform(case, "accept", supervisor)
        transitions.perform(case, "assign", supervisor, mediator=mediator.pk)

    results = run_together(
        perform_on(first.pk, "record_failure", mediator, reason="被申请人拒绝调解"),
        perform_on(second.pk, "reach_agreement", mediator, terms="一次性支付工资", amount="18600.00",
                   performance_due="2026-11-30"),
        perform_on(shared.pk, "extend", mediator, until="2026-11-27", reason="双方同意", parties_consent=True),
        perform_on(shared.pk, "extend", supervisor, until="2026-12-01", reason="双方同意", parties_consent=True),
    )

    failed, agreed, extend_early, extend_late = results
    assert outcome(failed) == outcome(agreed) == outcome(extend_late) == "won", results
    # The later date always goes through; the earlier one only if it came first.
    assert outcome(extend_early) in ("won", "InvalidData"), extend_early
    shared.refresh_from_db()
    assert str(shared.mediation_due) == "2026-12-01"
    extends = ["extend"] * (1 + (outcome(extend_early) == "won"))
    before = ["create", "accept", "assign"]
    assert [action for _seq, action in chain(first)] == [*before, "record_failure"]
    assert [action for _seq, action in chain(second)] == [*before, "reach_agreement"]
    assert [action for _seq, action in chain(shared)] == [*before, *extends]
    assert audit.verify_all() == []

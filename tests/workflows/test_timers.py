"""Statutory deadlines as viewflow timers, fired by `manage.py workflow_timers`: a missed one
is flagged in the case's audit chain and gives the supervisors a task; the timers follow the
case's due dates when they move."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.status import STATUS

from casedesk.cases import clock, transitions
from casedesk.cases.models import CaseEvent
from workflows.inbox import open_tasks_for, url_of

from .conftest import open_task, open_tasks, tasks
from .test_paths import AGREEMENT, MEDIATION_TASKS, REASON, REFERRAL

pytestmark = pytest.mark.django_db


def local(day, hour=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def fire_timers_at(moment):
    with clock.frozen(moment):
        call_command("workflow_timers", stdout=None)


def timer(case, host):
    (row,) = tasks(case, STATUS.SCHEDULED, node=f"{host}__timeout")
    return row


def overdue_events(case):
    return list(CaseEvent.objects.filter(case=case, action="overdue").values_list("data__deadline", flat=True))


def test_acceptance_timer_is_due_when_the_acceptance_deadline_has_passed(register):
    case = register()
    assert case.acceptance_due == datetime.date(2026, 11, 5)
    assert timer(case, "decide_acceptance").scheduled == local(datetime.date(2026, 11, 6))


def test_no_timer_fires_while_the_deadline_is_still_running(register):
    case = register()
    fire_timers_at(local(datetime.date(2026, 11, 5), 23))

    assert overdue_events(case) == []
    assert open_tasks(case) == ["decide_acceptance"]


def test_a_missed_acceptance_deadline_is_flagged_and_supervisors_get_a_task(register, supervisor, mediator):
    case = register()
    fire_timers_at(local(datetime.date(2026, 11, 6), 9))

    assert overdue_events(case) == ["acceptance"]
    event = CaseEvent.objects.get(case=case, action="overdue")
    assert event.actor is None and event.data["due"] == "2026-11-05"
    review = open_task(case, "review_overdue")
    assert review.status == STATUS.NEW and review.data["deadline"] == "acceptance"
    assert review in open_tasks_for(supervisor) and review not in open_tasks_for(mediator)
    assert open_tasks(case) == ["decide_acceptance", "review_overdue"]  # the decision is still due


def test_firing_again_flags_nothing_twice(register):
    case = register()
    fire_timers_at(local(datetime.date(2026, 11, 6), 9))
    fire_timers_at(local(datetime.date(2026, 11, 7), 9))

    assert overdue_events(case) == ["acceptance"]


def test_the_review_closes_itself_once_the_case_is_no_longer_overdue(register, mediator, committed):
    case = register()
    fire_timers_at(local(datetime.date(2026, 11, 6), 9))

    with clock.frozen(datetime.date(2026, 11, 6)), committed():
        transitions.perform(case, "accept", mediator)

    (review,) = tasks(case, STATUS.DONE, node="review_overdue")
    assert review.data["overtaken"] is True
    assert open_tasks(case) == ["assign"]


def test_a_supervisor_records_what_was_done_about_an_overdue_case(register, supervisor, do_task):
    case = register()
    fire_timers_at(local(datetime.date(2026, 11, 6), 9))

    with clock.frozen(datetime.date(2026, 11, 6)):
        do_task(case, "review_overdue", supervisor, note="已电话督促调解员，当日受理。")

    assert CaseEvent.objects.filter(case=case, action="overdue_reviewed", actor=supervisor).count() == 1
    assert [t.status for t in tasks(case, node="review_overdue")] == [STATUS.DONE]
    assert open_tasks(case) == ["decide_acceptance"]


def test_a_missed_mediation_deadline_is_flagged_without_stopping_mediation(mediating):
    case = mediating()
    assert timer(case, "record_outcome").scheduled == local(datetime.date(2026, 11, 18))

    fire_timers_at(local(datetime.date(2026, 11, 18), 8))

    assert overdue_events(case) == ["mediation"]
    assert open_tasks(case) == sorted([*MEDIATION_TASKS, "review_overdue"])


def test_an_extension_moves_the_mediation_timer(mediating, mediator, committed):
    case = mediating()
    with committed():
        transitions.perform(case, "extend", mediator, until="2026-11-30", parties_consent=True, **REASON)

    assert timer(case, "record_outcome").scheduled == local(datetime.date(2026, 12, 1))
    fire_timers_at(local(datetime.date(2026, 11, 18), 8))
    assert overdue_events(case) == []


def test_an_extension_after_the_deadline_was_missed_arms_it_again(mediating, mediator, committed):
    case = mediating()
    fire_timers_at(local(datetime.date(2026, 11, 18), 8))

    with clock.frozen(datetime.date(2026, 11, 18)), committed():
        transitions.perform(case, "extend", mediator, until="2026-11-30", parties_consent=True, **REASON)

    assert [t.status for t in tasks(case, node="review_overdue")] == [STATUS.DONE]
    assert timer(case, "record_outcome").scheduled == local(datetime.date(2026, 12, 1))
    fire_timers_at(local(datetime.date(2026, 12, 1), 8))
    assert overdue_events(case) == ["mediation", "mediation"]


def test_the_judicial_confirmation_window_has_its_timer(mediating, mediator, committed):
    case = mediating()
    with committed():
        transitions.perform(case, "reach_agreement", mediator, **AGREEMENT)
    assert timer(case, "apply_confirmation").scheduled == local(datetime.date(2026, 12, 3))

    fire_timers_at(local(datetime.date(2026, 12, 3), 8))

    assert overdue_events(case) == ["confirmation_application"]
    assert open_tasks(case) == ["apply_confirmation", "close_settled", "review_overdue"]


def test_a_court_case_is_timed_by_the_courts_deadline(register, mediator, supervisor, committed):
    case = register(channel="court_delegated", court_referral=dict(REFERRAL))
    with committed():
        case = transitions.perform(case, "accept", mediator)

    assert timer(case, "assign").scheduled == local(datetime.date(2026, 12, 3))  # referred 2 Nov + 30 days
    fire_timers_at(local(datetime.date(2026, 12, 3), 8))
    assert overdue_events(case) == ["mediation"]


def test_a_closed_stage_leaves_no_timer_behind(mediating, mediator, committed):
    case = mediating()
    with committed():
        transitions.perform(case, "record_failure", mediator, **REASON)

    assert tasks(case, STATUS.SCHEDULED) == []
    fire_timers_at(local(datetime.date(2027, 1, 1)))
    assert overdue_events(case) == []


def test_the_review_opens_the_case_page_naming_the_missed_deadline(register, supervisor, login):
    case = register()
    fire_timers_at(local(datetime.date(2026, 11, 6), 9))

    page = login(supervisor).get(url_of(open_task(case, "review_overdue"))).content.decode()
    assert "督办超期案件" in page and "决定是否受理 · 已超期" in page
    assert 'id="step-overdue_reviewed"' in page and 'href="#step-overdue_reviewed"' in page

"""The one-year limitation at every edge (issue 15, "Deadlines"): a last day on a rest day, the
application's interruption and the new period after mediation, and suspensions a mediator records."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from casedesk.cases import clock, deadlines, intake, limitation, steps, transitions
from casedesk.cases.errors import InvalidData, NotPermitted
from casedesk.cases.models import Case, CaseEvent

from ..conftest import registration_body

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date


def at(day):
    return datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def apply(volunteer):
    """A case applied for on `on`: wage arrears with the employment ended on `ended`, or another
    dispute that started on `started`."""

    def _apply(on, *, started=None, ended=None):
        category = "wage_arrears" if ended else "contract_termination"
        body = registration_body(category=category, dispute_started_on=(started or ended or on).isoformat())
        if ended:
            body["employment_ended_on"] = ended.isoformat()
        with clock.frozen(at(on)):
            return intake.register_case(actor=volunteer, data=body).case

    return _apply


def take(case, on, name, actor, **data):
    with clock.frozen(at(on)):
        return transitions.perform(case, name, actor, **data)


def record(case, on, name, actor, **data):
    with clock.frozen(at(on)):
        return steps.record(case, name, actor, **data)


# The last day


def test_a_last_day_in_the_spring_festival_moves_to_the_first_working_day_after_it(apply):
    """Employment ended 2025-02-16: the year ends on Monday 16 February 2026, inside the Spring
    Festival break (15–23 February), so the last day is Tuesday 24 February."""
    case = apply(D(2026, 2, 24), ended=D(2025, 2, 16))
    found = limitation.of(case)
    assert found.last_day == D(2026, 2, 24)
    assert not found.time_barred
    item = deadlines.limitation(case)
    assert (item.due, item.overdue, item.met) == (D(2026, 2, 24), False, True)


def test_a_worker_applying_the_day_after_is_time_barred(apply):
    item = deadlines.limitation(apply(D(2026, 2, 25), ended=D(2025, 2, 16)))
    assert (item.due, item.overdue) == (D(2026, 2, 24), True)


def test_a_period_from_29_february_ends_on_the_monday_after_28_february(apply):
    """2020-02-29: no 29 February in 2021, so the month's last day, Sunday 28 February; then Monday 1 March."""
    case = apply(D(2021, 3, 1), started=D(2020, 2, 29))
    assert limitation.of(case).last_day == D(2021, 3, 1)
    assert not limitation.of(case).time_barred


def test_a_last_day_in_a_year_without_a_schedule_is_estimated(apply):
    case = apply(D(2026, 3, 1), started=D(2026, 3, 1))
    item = deadlines.limitation(case)
    assert item.due == D(2027, 3, 1) and item.estimated


# Interruption


def test_the_application_interrupts_the_limitation_while_mediation_lasts(apply):
    case = apply(D(2026, 10, 12), started=D(2026, 3, 2))
    found = limitation.of(case)
    assert found.interrupted and found.pending and found.may_apply_until is None
    with translation.override("en"):
        assert "Interrupted by the application to the union" in str(deadlines.limitation(case).note)


@pytest.mark.parametrize("ending", ["record_failure", "withdraw"])
def test_once_mediation_ends_the_limitation_runs_anew_from_that_day(apply, mediator, supervisor, ending):
    case = apply(D(2026, 9, 7), started=D(2025, 9, 10))  # the first period ends 10 September 2026
    case = take(case, D(2026, 9, 8), "accept", mediator)
    case = take(case, D(2026, 9, 8), "assign", supervisor, mediator=mediator.pk)
    case = take(case, D(2026, 10, 9), ending, mediator, reason="双方分歧较大")
    found = limitation.of(case)
    assert (found.ended_on, found.renewed_last_day) == (D(2026, 10, 9), D(2027, 10, 11))  # 9 Oct 2027: a Saturday
    item = deadlines.limitation(case)
    assert (item.due, item.runs_from, item.overdue) == (D(2027, 10, 11), D(2026, 10, 9), False)
    with translation.override("zh-hans"):
        assert "可以自2026年10月9日起至2027年10月11日止申请仲裁" in str(item.note)


def test_a_rejected_application_runs_anew_from_the_decision(apply, supervisor):
    case = take(apply(D(2026, 10, 12), started=D(2026, 3, 2)), D(2026, 10, 13), "reject", supervisor, reason="不属于受理范围")
    assert limitation.of(case).renewed_last_day == D(2027, 10, 13)


def test_a_reopened_case_is_interrupted_again(apply, mediator, supervisor):
    case = apply(D(2026, 9, 7), started=D(2026, 3, 2))
    case = take(case, D(2026, 9, 8), "accept", mediator)
    case = take(case, D(2026, 9, 8), "assign", supervisor, mediator=mediator.pk)
    case = take(case, D(2026, 10, 9), "record_failure", mediator, reason="分歧较大")
    case = take(case, D(2026, 10, 20), "reopen", supervisor, reason="双方愿意再谈")
    assert limitation.of(case).pending


def test_an_application_after_the_period_does_not_interrupt_it(apply, supervisor):
    case = take(apply(D(2026, 10, 12), started=D(2025, 9, 1)), D(2026, 10, 13), "reject", supervisor, reason="超过时效")
    found = limitation.of(case)
    assert found.time_barred and found.renewed_last_day is None and found.may_apply_until is None


# Suspension


def test_a_suspension_before_the_application_lengthens_the_period(apply, supervisor):
    """Dispute 1 September 2025: the period ended 1 September 2026; a worker who applied on 7 September
    was late, unless a suspension of 10 days (1–10 June 2026, in hospital) stopped the clock."""
    case = apply(D(2026, 9, 7), started=D(2025, 9, 1))
    assert limitation.of(case).time_barred
    record(case, D(2026, 9, 7), "limitation_suspended", supervisor, reason="住院治疗",
           starts_on="2026-06-01", ends_on="2026-06-10")
    found = limitation.of(case)
    assert (found.last_day, found.time_barred, found.suspended_days) == (D(2026, 9, 11), False, 10)
    event = CaseEvent.objects.get(case=case, action="limitation_suspended")
    assert event.data == {"reason": "住院治疗", "starts_on": "2026-06-01", "ends_on": "2026-06-10"}


def test_a_suspension_after_mediation_lengthens_the_new_period(apply, mediator, supervisor):
    case = apply(D(2026, 9, 7), started=D(2026, 3, 2))
    case = take(case, D(2026, 9, 8), "accept", mediator)
    case = take(case, D(2026, 9, 8), "assign", supervisor, mediator=mediator.pk)
    case = take(case, D(2026, 10, 9), "record_failure", mediator, reason="分歧较大")
    record(case, D(2026, 11, 2), "limitation_suspended", mediator, reason="工伤住院",
           starts_on="2026-10-20", ends_on="2026-10-29")
    found = limitation.of(case)
    assert found.renewed_last_day == D(2027, 10, 19)  # 9 October 2027 + 10 days
    assert (found.suspended_days, found.renewed_suspended_days) == (0, 10)
    with translation.override("zh-hans"):
        assert "调解结束后仲裁时效中止10日" in str(deadlines.limitation(case).note)


def test_a_suspension_while_mediation_interrupted_the_period_is_refused_and_nothing_changes(apply, mediator, supervisor):
    case = apply(D(2026, 10, 12), started=D(2026, 3, 2))
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(InvalidData) as refused:
        record(case, D(2026, 11, 2), "limitation_suspended", supervisor, reason="住院", starts_on="2026-10-20",
               ends_on="2026-10-25")
    assert "starts_on" in refused.value.fields
    assert CaseEvent.objects.filter(case=case).count() == events


def test_a_suspension_that_ends_before_it_starts_is_refused(apply, supervisor):
    case = apply(D(2026, 10, 12), started=D(2026, 3, 2))
    with pytest.raises(InvalidData) as refused:
        record(case, D(2026, 11, 2), "limitation_suspended", supervisor, reason="住院", starts_on="2026-06-10",
               ends_on="2026-06-01")
    assert "ends_on" in refused.value.fields
    assert not CaseEvent.objects.filter(case=case, action="limitation_suspended").exists()


def test_wage_arrears_while_employed_cannot_be_suspended(register, supervisor):
    case = register()  # wage arrears, still employed
    with pytest.raises(InvalidData):
        steps.record(case, "limitation_suspended", supervisor, reason="住院", starts_on="2026-10-09",
                     ends_on="2026-10-10")
    assert not CaseEvent.objects.filter(case=case, action="limitation_suspended").exists()


def test_a_volunteer_may_not_record_a_suspension(apply, volunteer):
    case = apply(D(2026, 10, 12), started=D(2026, 3, 2))
    with pytest.raises(NotPermitted):
        record(case, D(2026, 11, 2), "limitation_suspended", volunteer, reason="住院", starts_on="2026-06-01",
               ends_on="2026-06-10")
    assert not CaseEvent.objects.filter(case=case, action="limitation_suspended").exists()


def test_the_case_page_records_a_suspension_and_shows_the_period(apply, client, supervisor):
    case = apply(D(2026, 9, 7), started=D(2025, 9, 1))
    client.force_login(supervisor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="record-suspension"' in page
    refused = client.post(f"/cases/{case.pk}/steps/limitation_suspended/",
                          {"reason": "住院", "starts_on": "2026-06-10", "ends_on": "2026-06-01"})
    assert "中止事由的结束日不能早于起始日" in refused.content.decode()
    assert not CaseEvent.objects.filter(case=case, action="limitation_suspended").exists()
    done = client.post(f"/cases/{case.pk}/steps/limitation_suspended/",
                       {"reason": "住院", "starts_on": "2026-06-01", "ends_on": "2026-06-10"})
    assert done.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "2026年9月11日" in page and "申请调解前仲裁时效中止10日" in page
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_the_case_page_says_from_when_until_when_the_worker_may_apply(apply, client, mediator, supervisor):
    case = apply(D(2026, 9, 7), started=D(2026, 3, 2))
    case = take(case, D(2026, 9, 8), "accept", mediator)
    case = take(case, D(2026, 9, 8), "assign", supervisor, mediator=mediator.pk)
    take(case, D(2026, 10, 9), "record_failure", mediator, reason="分歧较大")
    client.force_login(mediator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "申请人可以自2026年10月9日起至2027年10月11日止申请仲裁" in page

"""A missed instalment followed up: the employer contacted, then, past the grace period (7 days),
non-performance recorded; the case leaves the overdue lists; a settled case is archived only once its
agreement is performed or its non-performance recorded."""

import datetime

import pytest

from casedesk.cases import clock, steps, transitions
from casedesk.cases.errors import InvalidData, TransitionNotAllowed
from casedesk.cases.models import Case, CaseEvent
from casedesk.payments import services
from casedesk.reports import watch

from ..conftest import unchanged
from .conftest import payment

pytestmark = pytest.mark.django_db

MISSED = datetime.date(2026, 12, 1)  # the second instalment (30 Nov) missed
WITHIN_GRACE = datetime.date(2026, 12, 7)  # 7 days after it
PAST_GRACE = datetime.date(2026, 12, 8)
CONTACT = {"contacted_on": "2026-12-01", "means": "phone", "result": "公司称资金紧张，承诺12月5日前付清。"}
NOT_PERFORMED = {"reason": "多次电话催告，用人单位至今未支付剩余4300元。"}


@pytest.fixture
def missing(in_two, mediator):
    case = in_two()
    services.record_payment(case, mediator, **payment(instalment="1"))
    services.record_payment(case, mediator, **payment(amount="5000.00"))
    return Case.objects.get(pk=case.pk)


def test_nothing_to_follow_up_before_an_instalment_is_missed(missing, mediator):
    with unchanged(missing), pytest.raises(TransitionNotAllowed):
        steps.record(missing, "performance_followed_up", mediator, **CONTACT)


def test_the_contact_is_recorded_and_non_performance_waits_for_the_grace_period(missing, mediator, api):
    with clock.frozen(MISSED):
        steps.record(missing, "performance_followed_up", mediator, **CONTACT)
    event = CaseEvent.objects.filter(case=missing).latest("seq")
    assert (event.action, event.data["result"], event.data["unpaid_due"]) == (
        "performance_followed_up", CONTACT["result"], "2026-11-30")
    with clock.frozen(WITHIN_GRACE), unchanged(missing), pytest.raises(TransitionNotAllowed) as refused:
        steps.record(missing, "record_non_performance", mediator, **NOT_PERFORMED)
    assert "7" in str(refused.value.message)


def test_non_performance_past_the_grace_period_takes_the_case_off_the_overdue_lists(missing, mediator, login):
    with clock.frozen(PAST_GRACE):
        assert missing.pk in {w.case.pk for w in watch.due_work()}
        html = login(mediator).get(f"/cases/{missing.pk}/").content.decode()
        assert 'id="grace-over"' in html and 'id="record_non_performance"' in html
        response = login(mediator).post(f"/cases/{missing.pk}/steps/record_non_performance/", NOT_PERFORMED)
        assert response.status_code == 302
        assert missing.pk not in {w.case.pk for w in watch.due_work()}
        html = login(mediator).get(f"/cases/{missing.pk}/").content.decode()
    case = Case.objects.get(pk=missing.pk)
    assert case.non_performance_on == PAST_GRACE
    assert 'id="non-performance"' in html
    event = CaseEvent.objects.filter(case=case).latest("seq")
    assert (event.action, event.data["outstanding"], event.data["paid"]) == (
        "record_non_performance", "4300.00", "14300.00")


def test_a_refused_non_performance_on_the_page_is_a_409(missing, login, mediator):
    with clock.frozen(WITHIN_GRACE), unchanged(missing):
        response = login(mediator).post(f"/cases/{missing.pk}/steps/record_non_performance/", NOT_PERFORMED)
    assert response.status_code == 409


def test_archiving_waits_for_performance_or_non_performance(missing, mediator, supervisor):
    case = transitions.perform(missing, "close", supervisor)
    with unchanged(case), pytest.raises(InvalidData):
        transitions.perform(case, "archive", supervisor)
    with clock.frozen(PAST_GRACE):
        steps.record(case, "record_non_performance", supervisor, **NOT_PERFORMED)
        case = transitions.perform(case, "archive", supervisor)
    assert case.status == "archived"


def test_a_performed_agreement_is_archived(missing, mediator, supervisor):
    services.record_payment(missing, mediator, **payment(amount="4300.00"))
    case = transitions.perform(transitions.perform(missing, "close", supervisor), "archive", supervisor)
    assert case.status == "archived"

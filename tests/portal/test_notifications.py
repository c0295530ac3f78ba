"""Told when it moves: a worker who asked gets one message when the case is accepted or declined, a
session is scheduled, an agreement is signed, a payment under it falls due and when the case closes;
each holds the unit's name, the case number, the step, a date and the union's phone, nothing more."""

import datetime
import re

import pytest

from casedesk.cases import clock, steps, transitions
from casedesk.cases.models import Case, CaseEvent
from casedesk.cases.signals import case_changed
from casedesk.portal import messages, notifications
from casedesk.portal.models import Application, Message
from casedesk.reports import reminders
from casedesk.units.models import Unit

from ..conftest import AGREEMENT, REASON

pytestmark = pytest.mark.django_db

TAIL = "。可凭流水号查询进度，咨询电话：12351。"
WITH_INSTALMENTS = {**AGREEMENT, "instalments": [{"due_on": "2026-11-10", "amount": "9300.00"},
                                                 {"due_on": "2026-11-30", "amount": "9300.00"}],
                    "above_claim_confirmed": True}  # the online application claims less than the agreement's sum


@pytest.fixture
def outbox(settings):
    settings.CASEDESK_PORTAL_MESSAGE_BACKEND = "casedesk.portal.messages.MemoryBackend"
    messages.MemoryBackend.outbox = []
    return messages.MemoryBackend.outbox


@pytest.fixture
def applied(apply):
    """The case of an online application whose worker asked to be told, in a unit with a name of its own."""
    apply()
    case = Application.objects.get().case
    Unit.objects.filter(pk=case.unit_id).update(name="某某县总工会城关工作站")
    return Case.objects.get(pk=case.pk)


def only_allowed(text, case):
    """Nothing in `text` but the unit's name, the case number, words, a date and the union's phone."""
    rest = text.replace("某某县总工会城关工作站", "").replace(case.number, "").replace("12351", "")
    rest = re.sub(r"\d{4}年\d{1,2}月\d{1,2}日", "", rest)
    return not re.search(r"\d", rest) and "赵网申" not in text and "13900001111" not in text and "网申服装" not in text


def told(case):
    return list(Message.objects.filter(application__case=case).order_by("id").values_list("step", "text"))


def test_each_step_of_a_settled_case_sends_one_message(applied, outbox, committed, mediator, supervisor):
    number = applied.number
    with committed():
        case = transitions.perform(applied, "accept", mediator)
    with committed():
        case = transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
    with committed():
        steps.record(case, "session_scheduled", mediator, scheduled_for="2026-11-05 14:30", place="调解室")
    with committed():
        case = transitions.perform(case, "reach_agreement", mediator, **WITH_INSTALMENTS)
    with committed():
        transitions.perform(case, "close", supervisor)
    head = f"某某县总工会城关工作站：您的案件{number}"
    assert told(case) == [
        ("accept", f"{head}已于2026年11月2日受理{TAIL}"),
        ("session_scheduled", f"{head}调解会议定于2026年11月5日举行{TAIL}"),
        ("reach_agreement", f"{head}已于2026年11月2日签订调解协议{TAIL}"),
        ("close", f"{head}已于2026年11月2日结案{TAIL}"),
    ]
    assert [m["to"] for m in outbox] == ["13900001111"] * 4
    assert [m["text"] for m in outbox] == [text for _step, text in told(case)]
    assert all(only_allowed(text, case) for _step, text in told(case))
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}


def test_declining_sends_one_message(applied, outbox, committed, supervisor):
    with committed():
        case = transitions.perform(applied, "reject", supervisor, **REASON)
    assert told(case) == [("reject", f"某某县总工会城关工作站：您的案件{case.number}不予受理（2026年11月2日决定）{TAIL}")]
    assert "和解" not in outbox[0]["text"] and only_allowed(outbox[0]["text"], case)


def test_the_same_event_announced_twice_sends_one_message(applied, outbox, committed, mediator):
    with committed():
        case = transitions.perform(applied, "accept", mediator)
    event = CaseEvent.objects.get(case=case, action="accept")
    with committed():
        case_changed.send(sender=Case, case_id=case.pk, name="accept", event_id=event.pk, actor_id=mediator.pk)
    assert len(told(case)) == 1 and len(outbox) == 1


def test_a_payment_falling_due_is_told_once_by_the_daily_run(applied, outbox, committed, mediator, supervisor):
    with committed():
        case = transitions.perform(applied, "accept", mediator)
        case = transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
        case = transitions.perform(case, "reach_agreement", mediator, **WITH_INSTALMENTS)
    before = len(told(case))
    assert notifications.tell_due_instalments(datetime.date(2026, 11, 9)) == 0  # nothing due yet
    with committed():
        assert reminders.run(datetime.date(2026, 11, 10)).told == 1
    with committed():
        assert reminders.run(datetime.date(2026, 11, 11)).told == 0  # told already, not paid: not again
    with committed():
        assert notifications.tell_due_instalments(datetime.date(2026, 11, 30)) == 1  # the second payment
    due = told(case)[before:]
    assert due == [
        ("instalment_due", f"某某县总工会城关工作站：您的案件{case.number}有一笔协议款项于2026年11月10日到期{TAIL}"),
        ("instalment_due", f"某某县总工会城关工作站：您的案件{case.number}有一笔协议款项于2026年11月30日到期{TAIL}"),
    ]
    assert [m["text"] for m in outbox][-2:] == [text for _step, text in due]


def test_a_payment_made_before_it_falls_due_is_not_told(applied, outbox, committed, mediator, supervisor, api):
    with committed():
        case = transitions.perform(applied, "accept", mediator)
        case = transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
        case = transitions.perform(case, "reach_agreement", mediator, **WITH_INSTALMENTS)
    paid = api(mediator).post(f"/api/cases/{case.pk}/payments/",
                              {"paid_on": "2026-11-02", "amount": "9300.00", "method": "transfer"}, format="json")
    assert paid.status_code == 201, paid.content
    assert notifications.tell_due_instalments(datetime.date(2026, 11, 10)) == 0
    assert Message.objects.filter(step="instalment_due").count() == 0


def test_no_message_for_a_worker_who_did_not_ask(apply, outbox, committed, mediator):
    apply(wants_messages=None)
    case = Application.objects.get().case
    with committed():
        transitions.perform(case, "accept", mediator)
    assert outbox == [] and Message.objects.count() == 0


def written_ago(message, **age):
    Message.objects.filter(pk=message.pk).update(sent_at=clock.now() - datetime.timedelta(**age))


def missed_hand_over(case, step="accept"):
    """The message about `step`, written, but never handed over after its commit: in life, the process ended
    first; here, the test's transaction never commits."""
    application = Application.objects.get(case=case)
    return notifications.tell(application, step, key=f"{step}:test", on=datetime.date(2026, 11, 2))


def test_a_message_that_missed_its_hand_over_is_handed_over_by_the_daily_run_once(applied, outbox, mediator):
    case = transitions.perform(applied, "accept", mediator)
    message = missed_hand_over(case)
    assert message.status == "pending" and outbox == []

    assert reminders.run().handed_over == 0  # written just now: its own hand-over may still come
    written_ago(message, minutes=11)
    assert reminders.run().handed_over == 1
    assert reminders.run().handed_over == 0

    message.refresh_from_db()
    assert message.status == "sent" and message.finished_at is not None
    assert outbox == [{"to": "13900001111", "text": message.text, "fields": message.fields}]
    assert message.fields["number"] == case.number and message.fields["step"] == "accept"
    assert message.fields["date"] in message.text and message.fields["org"] == "某某县总工会城关工作站"


def test_a_message_interrupted_while_being_sent_is_marked_not_sent_and_never_sent_again(applied, outbox, mediator):
    case = transitions.perform(applied, "accept", mediator)
    interrupted, sending = missed_hand_over(case), missed_hand_over(case, "close")
    Message.objects.update(status="sending")
    written_ago(interrupted, hours=2)
    written_ago(sending, minutes=30)  # may still be with the gateway

    assert notifications.hand_over_waiting() == 0

    interrupted.refresh_from_db(), sending.refresh_from_db()
    assert (interrupted.status, interrupted.error) == ("failed", "发送中断：可能已送达职工，不再重发。")
    assert interrupted.finished_at == clock.now()
    assert (sending.status, sending.error, sending.finished_at) == ("sending", "", None)
    assert outbox == []


def test_waiting_messages_are_kept_once_the_desk_no_longer_sends(applied, outbox, mediator, settings):
    message = missed_hand_over(transitions.perform(applied, "accept", mediator))
    written_ago(message, hours=1)
    settings.CASEDESK_PORTAL_MESSAGE_BACKEND = "casedesk.portal.messages.OutboxBackend"

    assert notifications.hand_over_waiting() == 0

    message.refresh_from_db()
    assert message.status == "kept" and outbox == []

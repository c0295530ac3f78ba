"""Told when it moves: a worker who asked gets a message when the desk accepts or declines the
application and when an agreement is reached; the message holds the case number, the step, a date
and the union's phone, nothing more."""

import logging

import pytest

from casedesk.cases import transitions
from casedesk.portal import messages
from casedesk.portal.models import Application, Message

from ..conftest import AGREEMENT, REASON

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings):
    settings.CASEDESK_PORTAL_MESSAGE_BACKEND = "casedesk.portal.messages.MemoryBackend"
    messages.MemoryBackend.outbox = []
    return messages.MemoryBackend.outbox


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_accepting_and_an_agreement_each_send_one_message(apply, outbox, committed, mediator, supervisor):
    apply()
    case = Application.objects.get().case
    with committed():
        case = transitions.perform(case, "accept", mediator)
    with committed():
        case = transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
    with committed():
        transitions.perform(case, "reach_agreement", mediator, **AGREEMENT)
    assert [m["phone"] for m in outbox] == ["13900001111", "13900001111"]
    accepted, agreed = (m["text"] for m in outbox)
    assert case.number in accepted and "已受理" in accepted and "2026年11月2日" in accepted and "12351" in accepted
    assert "已达成协议" in agreed
    for text in (accepted, agreed):
        assert "赵网申" not in text and "13900001111" not in text and "某某网申" not in text
    stored = list(Message.objects.values_list("step", "delivered"))
    assert stored == [("accept", True), ("reach_agreement", True)]


def test_declining_sends_a_message(apply, outbox, committed, supervisor):
    apply()
    case = Application.objects.get().case
    with committed():
        transitions.perform(case, "reject", supervisor, **REASON)
    assert len(outbox) == 1 and "不予受理" in outbox[0]["text"]


def test_no_message_for_a_worker_who_did_not_ask(apply, outbox, committed, mediator):
    apply(wants_messages=None)
    case = Application.objects.get().case
    with committed():
        transitions.perform(case, "accept", mediator)
    assert outbox == [] and Message.objects.count() == 0


def test_the_default_backend_logs_without_the_phone_in_clear(apply, committed, mediator, caplog):
    apply()
    case = Application.objects.get().case
    with caplog.at_level(logging.INFO, logger="casedesk.portal.messages"), committed():
        transitions.perform(case, "accept", mediator)
    logged = caplog.text
    assert case.number in logged and "13900001111" not in logged and "139****1111" in logged
    assert Message.objects.get().delivered is False

"""The three message backends: the desk's outbox (the default: kept and shown to staff, nothing sent),
e-mail (Django's mail, to the address the worker gave) and a generic HTTP SMS gateway, here a real HTTP
server on the loopback address; a carrier's failure is written on the message, never raised to whoever
moved the case, and the worker's phone is never logged in clear."""

import base64
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from casedesk.cases import steps, transitions
from casedesk.cases.models import Case
from casedesk.portal.models import Application, Message
from casedesk.units import services as unit_services
from casedesk.units import tree
from casedesk.units.models import Unit

from ..cases.test_personal_data import scan_database
from ..conftest import REASON, id_number
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PHONE, MASKED = "13900001111", "139****1111"


def accept_through_the_api(api, mediator, committed, case):
    with committed():
        response = api(mediator).post(f"/api/cases/{case.pk}/transitions/accept/", {}, format="json")
    assert response.status_code == 200, response.content
    return Case.objects.get(pk=case.pk)


# The desk's outbox.

def test_the_default_keeps_the_message_in_the_outbox_and_sends_nothing(apply, committed, mediator, supervisor,
                                                                         login, caplog):
    apply()
    case = Application.objects.get().case
    with caplog.at_level(logging.DEBUG), committed():
        transitions.perform(case, "accept", mediator)
    message = Message.objects.get()
    assert (message.status, message.backend) == ("kept", "casedesk.portal.messages.OutboxBackend")
    assert PHONE not in caplog.text
    page = login(supervisor).get("/outbox/").content.decode()
    assert message.text in page and "留存于发件箱（未发送）" in page and PHONE not in page and MASKED not in page
    case_page = login(mediator).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="portal-messages"' in case_page and message.text in case_page


def test_the_outbox_shows_a_supervisor_the_messages_of_their_units_only(apply, committed, mediator, supervisor,
                                                                         login):
    east = Unit(name="东区总工会", parent=tree.root(), number_prefix="东工调字")
    east.save()
    west = Unit(name="西区总工会", parent=east.parent, number_prefix="西工调字")
    west.save()
    east_supervisor, west_supervisor = (UserFactory(username=n, role="supervisor") for n in ("east_sup", "west_sup"))
    unit_services.place(east_supervisor, east)
    unit_services.place(west_supervisor, west)
    apply(name="赵网申")
    apply(name="钱网申", phone="13900002222", id_number=id_number(425))
    first, second = (a.case for a in Application.objects.order_by("id"))
    steps.record(first, "transfer", supervisor, unit=east.pk, reason="东区受理。")
    with committed():
        transitions.perform(Case.objects.get(pk=first.pk), "reject", supervisor, **REASON)
    with committed():
        transitions.perform(second, "reject", supervisor, **REASON)

    def shown(user):
        page = login(user).get("/outbox/")
        assert page.status_code == 200
        return sorted(n for n in (first.number, second.number) if n in page.content.decode())

    assert shown(supervisor) == sorted([first.number, second.number])  # the root unit: everything below it
    assert shown(east_supervisor) == [first.number]
    assert shown(west_supervisor) == []
    assert login(mediator).get("/outbox/").status_code == 403


# E-mail.

def test_the_email_backend_asks_for_an_address_and_mails_the_message_there(client, apply, committed, mediator,
                                                                          settings):
    settings.CASEDESK_PORTAL_MESSAGE_BACKEND = "casedesk.portal.messages.EmailBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert 'name="email"' in client.get("/apply/").content.decode()
    apply(email="zhao.wangshen@example.cn")
    case = Application.objects.get().case
    with committed():
        transitions.perform(case, "accept", mediator)
    message = Message.objects.get()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["zhao.wangshen@example.cn"] and sent.body == message.text
    assert sent.subject == f"您的案件{case.number}进度通知"
    assert message.status == "sent" and message.error == ""
    assert scan_database(["zhao.wangshen@example.cn"]) == {}  # the address is stored encrypted


def test_without_the_email_backend_no_address_is_asked_for(client):
    assert 'name="email"' not in client.get("/apply/").content.decode()


def test_an_application_without_an_address_keeps_the_message_as_not_sent(apply, committed, mediator, settings):
    settings.CASEDESK_PORTAL_MESSAGE_BACKEND = "casedesk.portal.messages.EmailBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    apply()
    with committed():
        transitions.perform(Application.objects.get().case, "accept", mediator)
    assert mail.outbox == []
    assert Message.objects.values_list("status", "error").get() == ("failed", "no address")


# The HTTP SMS gateway, a real server on the loopback address.

class Gateway:
    """A local SMS gateway: answers each POST with `status` after `delay` seconds; keeps what it got."""

    def __init__(self, status=200, delay=0.0):
        self.status, self.delay, self.received = status, delay, []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append({"path": self.path, "headers": dict(self.headers), "body": json.loads(body)})
                time.sleep(gateway.delay)
                answer = json.dumps({"code": "OK" if gateway.status == 200 else "ERROR", "phone": PHONE}).encode()
                try:
                    self.send_response(gateway.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the desk gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sms(settings):
    def _sms(**kwargs):
        gateway = Gateway(**kwargs)
        settings.CASEDESK_PORTAL_MESSAGE_BACKEND = "casedesk.portal.messages.SmsGatewayBackend"
        settings.CASEDESK_SMS_GATEWAY_URL = gateway.url
        settings.CASEDESK_SMS_GATEWAY_TEMPLATE = "SMS_0425"
        settings.CASEDESK_SMS_GATEWAY_KEY_ID = "casedesk"
        settings.CASEDESK_SMS_GATEWAY_SECRET = "s3cret"
        settings.CASEDESK_SMS_GATEWAY_TIMEOUT = 0.5
        return gateway

    return _sms


def test_the_sms_gateway_gets_the_template_the_phone_and_the_parts(sms, apply, api, committed, mediator, caplog):
    apply()
    case = Application.objects.get().case
    with sms() as gateway, caplog.at_level(logging.INFO, logger="casedesk.portal.messages"):
        case = accept_through_the_api(api, mediator, committed, case)
    message = Message.objects.get()
    assert (message.status, message.error) == ("sent", "")
    [request] = gateway.received
    assert request["path"] == "/sms/send"
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(b"casedesk:s3cret").decode()
    assert request["body"] == {"template_id": "SMS_0425", "phone": PHONE, "text": message.text, "params": {
        "org": "某某县总工会", "number": case.number, "step": "accept", "what": "已于2026年11月2日受理",
        "date": "2026年11月2日", "phone": "12351"}}
    assert "SMS gateway request" in caplog.text and "SMS gateway answer: HTTP 200" in caplog.text
    assert MASKED in caplog.text and PHONE not in caplog.text  # the gateway echoed the phone: masked in the log


def test_a_gateway_answering_500_leaves_the_case_moved_and_the_message_failed(sms, apply, api, committed,
                                                                             mediator, caplog):
    apply()
    case = Application.objects.get().case
    with sms(status=500) as gateway, caplog.at_level(logging.INFO, logger="casedesk.portal.messages"):
        case = accept_through_the_api(api, mediator, committed, case)
    assert case.status == "accepted" and len(gateway.received) == 1
    assert Message.objects.values_list("status", "error").get() == ("failed", "HTTP 500")
    assert "HTTP 500" in caplog.text and PHONE not in caplog.text


def test_a_gateway_that_does_not_answer_in_time_leaves_the_message_failed(sms, apply, api, committed, mediator,
                                                                          caplog):
    apply()
    case = Application.objects.get().case
    with sms(delay=2) as gateway, caplog.at_level(logging.INFO, logger="casedesk.portal.messages"):
        case = accept_through_the_api(api, mediator, committed, case)
    assert case.status == "accepted" and len(gateway.received) == 1
    message = Message.objects.get()
    assert (message.status, message.error) == ("failed", "timeout") and message.finished_at is not None
    assert "no answer within" in caplog.text and PHONE not in caplog.text

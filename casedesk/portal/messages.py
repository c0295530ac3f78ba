"""Telling the worker when the case moves: the message backend interface and its three implementations.

CASEDESK_PORTAL_MESSAGE_BACKEND names the backend (a dotted path to a class):
- OutboxBackend (the default): nothing leaves the desk; every message is kept (casedesk.portal.models.
  Message) and shown to staff on the outbox page and the case page;
- EmailBackend: Django's mail (the CASEDESK_EMAIL_* settings) to the e-mail the worker gave when applying;
- SmsGatewayBackend: a generic HTTP SMS gateway (CASEDESK_SMS_GATEWAY_*), one POST per message.

Every message is kept as a Message row whatever the backend (casedesk.portal.notifications), and a
message holds no more than the case number, the step, a date and the union's phone. A backend is
given the worker's address (phone or e-mail) to send to and never writes it to a log in clear.
"""

import base64
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core import mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from casedesk.cases.identifiers import mask_phone

log = logging.getLogger(__name__)
ANSWER_LOGGED = 300  # characters of the gateway's answer written to the log


class NotSent(Exception):
    """The carrier refused the message or could not be reached: the reason, without the address."""


class MessageBackend:
    """`sends`: whether messages leave the desk. `address(application)`: where this backend sends to ("" if the
    worker gave none: the message is kept, not sent). `send(to=…, text=…, fields=…)` hands one message to the
    carrier or raises NotSent; `fields` are the message's parts for a template (org, number, step, what, date,
    phone: casedesk.portal.notifications.text_of)."""

    sends = True

    def address(self, application):
        applicant = application.case.applicants.order_by("position").first()
        return applicant.phone if applicant is not None else ""

    def send(self, *, to, text, fields):
        raise NotImplementedError


class OutboxBackend(MessageBackend):
    """The default: every message is kept in the desk's outbox for staff to read (and to phone the worker
    if they choose); nothing is sent."""

    sends = False


# The earlier name of the default, for settings that still name it.
LoggingBackend = OutboxBackend


class EmailBackend(MessageBackend):
    """Django's mail to the worker's e-mail (asked for on /apply/ only while this backend is configured)."""

    def address(self, application):
        return application.email

    def send(self, *, to, text, fields):
        try:
            mail.send_mail(_("Your case %(number)s") % {"number": fields["number"]}, text,
                           settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
        except (OSError, mail.BadHeaderError) as exc:
            raise NotSent(type(exc).__name__) from None


class SmsGatewayBackend(MessageBackend):
    """A generic HTTP SMS gateway: POST JSON {template_id, phone, params, text} to CASEDESK_SMS_GATEWAY_URL with
    HTTP basic credentials (CASEDESK_SMS_GATEWAY_KEY_ID, CASEDESK_SMS_GATEWAY_SECRET); any 2xx answer is
    success. The request and the answer are logged with the phone masked."""

    def send(self, *, to, text, fields):
        masked = mask_phone(to)
        body = {"template_id": settings.CASEDESK_SMS_GATEWAY_TEMPLATE, "phone": to, "params": fields, "text": text}
        request = urllib.request.Request(
            settings.CASEDESK_SMS_GATEWAY_URL, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            method="POST", headers={"Content-Type": "application/json; charset=utf-8", **self._credentials()},
        )
        log.info("SMS gateway request: POST %s %s", settings.CASEDESK_SMS_GATEWAY_URL,
                 json.dumps({**body, "phone": masked}, ensure_ascii=False))
        try:
            with urllib.request.urlopen(request, timeout=settings.CASEDESK_SMS_GATEWAY_TIMEOUT) as response:
                status, answer = response.status, response.read(4096)
        except urllib.error.HTTPError as exc:
            status, answer = exc.code, exc.read(4096)
        except TimeoutError:
            log.warning("SMS gateway: no answer within %s s (to %s)", settings.CASEDESK_SMS_GATEWAY_TIMEOUT, masked)
            raise NotSent("timeout") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                log.warning("SMS gateway: no answer within %s s (to %s)", settings.CASEDESK_SMS_GATEWAY_TIMEOUT,
                            masked)
                raise NotSent("timeout") from None
            log.warning("SMS gateway unreachable (to %s): %s", masked, type(reason).__name__)
            raise NotSent(f"unreachable: {type(reason).__name__}") from None
        shown = answer.decode("utf-8", "replace").replace(to, masked)[:ANSWER_LOGGED]
        log.info("SMS gateway answer: HTTP %s %s (to %s)", status, shown, masked)
        if not 200 <= status < 300:
            raise NotSent(f"HTTP {status}")

    def _credentials(self):
        key_id, secret = settings.CASEDESK_SMS_GATEWAY_KEY_ID, settings.CASEDESK_SMS_GATEWAY_SECRET
        if not key_id and not secret:
            return {}
        token = base64.b64encode(f"{key_id}:{secret}".encode()).decode("ascii")
        return {"Authorization": f"Basic {token}"}


class MemoryBackend(MessageBackend):
    """Keeps what it sends in `outbox` (tests)."""

    outbox = []

    def send(self, *, to, text, fields):
        MemoryBackend.outbox.append({"to": to, "text": text, "fields": fields})


def backend():
    return import_string(settings.CASEDESK_PORTAL_MESSAGE_BACKEND)()


def asks_for_email():
    """Whether /apply/ asks for an e-mail: only while messages go by e-mail (ask for no more than is used)."""
    return isinstance(backend(), EmailBackend)

"""Telling the worker when the case moves: the message backend interface and its implementations.

CASEDESK_PORTAL_MESSAGE_BACKEND names the backend (a dotted path to a class). A message holds no more
than the case number, the step, a date and the union's phone; the backend is given the worker's phone
to send it to, and never writes that phone to a log in clear.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from casedesk.cases.identifiers import mask_phone

log = logging.getLogger(__name__)


class MessageBackend:
    """send(phone, text) → True if the message was handed to a carrier, False if it was only recorded."""

    def send(self, *, phone, text):
        raise NotImplementedError


class LoggingBackend(MessageBackend):
    """The default: nothing leaves the desk; each message is logged (phone masked) and kept on the
    application (casedesk.portal.models.Message)."""

    def send(self, *, phone, text):
        log.info("portal message for %s: %s", mask_phone(phone) if phone else "-", text)
        return False


class MemoryBackend(MessageBackend):
    """Keeps what it sends in `outbox` (tests)."""

    outbox = []

    def send(self, *, phone, text):
        MemoryBackend.outbox.append({"phone": phone, "text": text})
        return True


def backend():
    return import_string(settings.CASEDESK_PORTAL_MESSAGE_BACKEND)()

"""Told when it moves: a worker who asked for it gets a message (casedesk.portal.messages) when the case
is accepted or declined, a mediation session is scheduled, an agreement is signed, an instalment of it
falls due, and when the case closes.

Each message is written first (casedesk.portal.models.Message, one per application and `key`: the
step's event, or the instalment), then, after the commit, handed to the backend; what the backend
answered is written on the row. Nothing here ever fails the change that caused it: the case moved
whatever became of the message.

A message whose hand-over after the commit never happened (the process ended first) is handed over by
the daily run (casedesk.reports.reminders, `hand_over_waiting`). One claimed for sending and never
finished is marked not sent: it may have reached the worker, and it is never sent twice.
"""

import datetime
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from casedesk.cases import clock, deadlines, performance
from casedesk.cases.models import Case, CaseEvent
from casedesk.cases.signals import case_changed
from casedesk.units import tree
from casedesk.web.formatting import chinese_date

from . import messages
from .models import Application, Message

log = logging.getLogger(__name__)

# What each message says happened, with its date: the steps told, in the order a case meets them.
STEPS = {
    "accept": gettext_lazy("accepted on %(date)s"),
    "reject": gettext_lazy("not accepted (decided on %(date)s)"),
    "session_scheduled": gettext_lazy("a mediation session is scheduled for %(date)s"),
    "reach_agreement": gettext_lazy("an agreement was signed on %(date)s"),
    "instalment_due": gettext_lazy("a payment under the agreement falls due on %(date)s"),
    "close": gettext_lazy("closed on %(date)s"),
}
TOLD = ("accept", "reject", "session_scheduled", "reach_agreement", "close")


def connect():
    case_changed.connect(on_case_changed, sender=Case, dispatch_uid="casedesk.portal.notifications")


def on_case_changed(sender, case_id, name, event_id=None, **kwargs):
    if name not in TOLD:
        return
    application = Application.objects.filter(case_id=case_id, wants_messages=True).select_related("case").first()
    event = CaseEvent.objects.filter(pk=event_id, case_id=case_id).first() if event_id else None
    if application is not None and event is not None:
        tell(application, name, key=f"{name}:{event.pk}", on=_date_of(application.case, name, event))


def _date_of(case, name, event):
    """The date a message tells: the session's, the agreement's signature, else the day of the step."""
    if name == "session_scheduled":
        return datetime.datetime.fromisoformat(str(event.data["scheduled_for"]))
    if name == "reach_agreement":
        agreement = case.agreements.order_by("-created_at", "-pk").first()
        if agreement is not None:
            return agreement.signed_on
    return event.at


def text_of(case, step, on):
    """The message, and its parts for a gateway's template: the unit's name (its letterhead), the case number,
    the step (its code, and in words with its date), the date, the union's phone."""
    with override(settings.LANGUAGE_CODE):
        date = chinese_date(on)
        fields = {"org": tree.letterhead(case.unit)["org_name"], "number": case.number, "step": step,
                  "what": str(STEPS[step]) % {"date": date}, "date": date, "phone": settings.CASEDESK_ORG_PHONE}
        text = _("%(org)s: your case %(number)s: %(what)s. Track it with your tracking number; questions: "
                 "%(phone)s.") % fields
    return text, fields


def tell(application, step, *, key, on):
    """Write the message about `step` (dated `on`) for `application`, once per `key`, and send it after the
    commit; returns the Message, or None if one was written for `key` already."""
    sender = messages.backend()
    text, fields = text_of(application.case, step, on)
    status = Message.Status.PENDING if sender.sends else Message.Status.KEPT
    try:
        with transaction.atomic():
            message = Message.objects.create(
                application=application, step=step, key=key, text=text[:300], status=status,
                backend=settings.CASEDESK_PORTAL_MESSAGE_BACKEND, sent_at=clock.now(), fields=fields,
            )
    except IntegrityError:
        return None  # told already
    if sender.sends:
        transaction.on_commit(lambda: deliver(message.pk))
    return message


def deliver(message_id):
    """Hand a pending message to the backend and write down what became of it; never raises. Returns
    whether this call claimed it (False: sent, or being sent, by another run)."""
    claimed = Message.objects.filter(pk=message_id, status=Message.Status.PENDING).update(
        status=Message.Status.SENDING)
    if not claimed:
        return False
    message = Message.objects.select_related("application__case").get(pk=message_id)
    sender = messages.backend()
    try:
        address = sender.address(message.application)
        if not address:
            raise messages.NotSent("no address")
        with override(settings.LANGUAGE_CODE):
            sender.send(to=address, text=message.text, fields=message.fields)
    except messages.NotSent as exc:
        _finish(message, Message.Status.FAILED, str(exc))
    except Exception as exc:
        log.exception("The message %s about case %s could not be sent", message.pk, message.application.case_id)
        _finish(message, Message.Status.FAILED, type(exc).__name__)
    else:
        _finish(message, Message.Status.SENT, "")
    return True


def _finish(message, status, error):
    Message.objects.filter(pk=message.pk).update(status=status, error=error[:200], finished_at=clock.now())


# A message still waiting this long after it was written missed its hand-over after the commit (which
# comes within seconds); one still being sent this long after it was written was interrupted (a gateway
# answers within CASEDESK_SMS_GATEWAY_TIMEOUT seconds).
HAND_OVER_AFTER = timedelta(minutes=10)
INTERRUPTED_AFTER = timedelta(hours=1)


def hand_over_waiting():
    """The daily run: hand each message that missed its hand-over to the backend (kept instead, if the
    desk no longer sends), and mark those interrupted while being sent as not sent. Returns how many
    were handed over."""
    now = clock.now()
    with override(settings.LANGUAGE_CODE):
        interrupted = str(_("Interrupted while being sent: it may have reached the worker; it is not sent again."))
    Message.objects.filter(status=Message.Status.SENDING, sent_at__lt=now - INTERRUPTED_AFTER).update(
        status=Message.Status.FAILED, error=interrupted[:200], finished_at=now)
    waiting = Message.objects.filter(status=Message.Status.PENDING, sent_at__lt=now - HAND_OVER_AFTER)
    if not messages.backend().sends:
        waiting.update(status=Message.Status.KEPT)
        return 0
    return sum(deliver(pk) for pk in waiting.order_by("pk").values_list("pk", flat=True))


def tell_due_instalments(today=None):
    """The daily run (casedesk.reports.reminders): a message for each payment of an agreement that falls due
    today, or fell due within the grace period and is still unpaid, once per payment; returns how many."""
    today = today or clock.today()
    since = today - timedelta(days=settings.CASEDESK_PERFORMANCE_GRACE_DAYS)
    told = 0
    applications = (Application.objects.filter(wants_messages=True, case__status__in=deadlines.PERFORMANCE_FOLLOWED)
                    .select_related("case", "case__unit"))
    for application in applications.iterator(chunk_size=200):
        case = application.case
        if not deadlines.payments_awaited(case):
            continue
        agreement = case.agreements.order_by("-created_at", "-pk").first()
        if agreement is None:
            continue
        for row in performance.of(agreement, today=today).instalments:
            if since <= row.due_on <= today and row.status != performance.InstalmentStatus.PAID:
                which = row.instalment_id or f"agreement-{agreement.pk}"
                told += tell(application, "instalment_due", key=f"instalment_due:{which}", on=row.due_on) is not None
    return told


"""Deadline reminders to the assigned mediator and the supervisors: record first, then send.

A run (manage.py send_reminders, or the Celery beat task) does three things in order:
1. record: one Reminder row per (case, deadline kind, due date, recipient) for every overdue
   or at-risk deadline (casedesk.reports.watch); the unique key makes a second run record
   nothing new, and the row is the in-app notification;
2. send: for each row still waiting for its e-mail, claim it with a conditional UPDATE
   (pending → sending), send, then mark it sent. A run that dies after claiming leaves the
   row "sending" and no later run sends it again: a reminder may be lost, never doubled;
3. tell the workers who applied online and asked to be told of a payment under their agreement that
   falls due (casedesk.portal.notifications.tell_due_instalments, once per payment);
4. hand to the message backend every message to a worker that missed its hand-over after the commit
   (casedesk.portal.notifications.hand_over_waiting); one interrupted while being sent is marked not
   sent, never sent twice, as the e-mails above.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from casedesk.cases import clock, roles
from casedesk.cases.labels import DEADLINES as DEADLINE_LABELS
from casedesk.cases.models import CaseEvent
from casedesk.portal import notifications
from casedesk.units import tree
from casedesk.web.formatting import chinese_date

from .models import Reminder
from .watch import due_work

log = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 3
LANGUAGE = "zh-hans"


@dataclass
class RunResult:
    recorded: int
    emailed: int
    failed: int
    told: int = 0  # messages to workers about a payment falling due (casedesk.portal.notifications)
    handed_over: int = 0  # messages to workers that missed their hand-over, handed over now


def run(today=None):
    recorded = record(today)
    emailed, failed = send_pending()
    told = notifications.tell_due_instalments(today)
    return RunResult(recorded, emailed, failed, told, notifications.hand_over_waiting())


def supervisors():
    return list(roles.supervisors().order_by("pk"))


def overseeing(heads, case):
    """The supervisors among `heads` whose unit holds `case`'s unit (casedesk.units)."""
    return [head for head in heads if tree.contains(tree.unit_of(head), case.unit)]


def mail_configured():
    return bool(settings.EMAIL_HOST)


def record(today=None):
    """Record the reminders that are due; returns how many are new."""
    today = today or clock.today()
    heads, new = supervisors(), 0
    for item in due_work(None, today):
        recipients = overseeing(heads, item.case)
        mediator = item.case.mediator
        if mediator is not None and mediator.is_active and mediator not in recipients:
            recipients.insert(0, mediator)
        for user in recipients:
            new += _record_one(item, user)
    return new


def _record_one(item, user, moved_from=None):
    email = Reminder.Email.PENDING if (mail_configured() and user.email) else Reminder.Email.NOT_SENT
    try:
        with transaction.atomic():
            Reminder.objects.create(
                case=item.case, kind=item.kind, due=item.due, recipient=user, overdue=item.overdue,
                created_at=clock.now(), email=email, moved_from=moved_from,
            )
    except IntegrityError:
        return 0  # recorded by an earlier (or a concurrent) run
    return 1


def recipients_for(case):
    """The case's mediator (if active) and the supervisors who see it (of its unit or above)."""
    people = overseeing(supervisors(), case)
    mediator = case.mediator
    if mediator is not None and mediator.is_active and mediator not in people:
        people.insert(0, mediator)
    return people


@dataclass
class MovedDeadline:
    case: object
    kind: str
    due: object
    overdue: bool = False


def connect():
    from casedesk.cases.signals import case_changed

    case_changed.connect(tell_of_moved_deadline, dispatch_uid="reports.moved_deadline")


def tell_of_moved_deadline(sender, *, case_id, name, event_id=None, **kwargs):
    """After a holiday schedule moved a case's deadline (casedesk.cases.calendar_schedule): a reminder
    to its mediator and the supervisors, e-mailed by the next reminder run when mail is set up."""
    if name != "deadline_moved" or event_id is None:
        return
    event = CaseEvent.objects.select_related("case__mediator").filter(pk=event_id).first()
    if event is None:
        return
    data = event.data or {}
    due, previous = _as_date(data.get("due")), _as_date(data.get("previous_due"))
    item = MovedDeadline(event.case, data.get("deadline", ""), due)
    for user in recipients_for(event.case):
        _record_one(item, user, moved_from=previous)


def _as_date(value):
    return value if value is None or isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def send_pending():
    """Send every e-mail still waiting; returns (sent, failed)."""
    sent = failed = 0
    waiting = Reminder.objects.filter(email=Reminder.Email.PENDING).select_related("case__unit", "recipient").order_by("id")
    for reminder in waiting.iterator(chunk_size=200):
        if not _claim(reminder):
            continue  # another run has it
        try:
            _send(reminder)
        except Exception as exc:  # the mail server refused or was unreachable: try again next run
            attempts = reminder.email_attempts + 1
            state = Reminder.Email.PENDING if attempts < MAX_EMAIL_ATTEMPTS else Reminder.Email.FAILED
            Reminder.objects.filter(pk=reminder.pk).update(
                email=state, email_attempts=attempts, email_error=str(exc)[:200]
            )
            log.warning("Reminder %s: e-mail not sent (%s)", reminder.pk, type(exc).__name__)
            failed += 1
            continue
        Reminder.objects.filter(pk=reminder.pk).update(email=Reminder.Email.SENT, email_sent_at=clock.now())
        sent += 1
    return sent, failed


def _claim(reminder):
    return Reminder.objects.filter(pk=reminder.pk, email=Reminder.Email.PENDING).update(
        email=Reminder.Email.SENDING
    ) == 1


def _send(reminder):
    with translation.override(LANGUAGE):
        subject, body = message(reminder)
    mail.send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.recipient.email], fail_silently=False)


def message(reminder):
    values = {
        "number": reminder.case.number,
        "deadline": DEADLINE_LABELS.get(reminder.kind, reminder.kind),
        "due": chinese_date(reminder.due),
    }
    if reminder.moved_from:
        values["previous"] = chinese_date(reminder.moved_from)
        subject = _("Case %(number)s: %(deadline)s moved from %(previous)s to %(due)s by the holiday schedule "
                    "published for %(year)s") % {**values, "year": reminder.due.year}
    elif reminder.overdue:
        subject = _("Case %(number)s: %(deadline)s was due on %(due)s") % values
    else:
        subject = _("Case %(number)s: %(deadline)s is due on %(due)s") % values
    body = "\n\n".join([
        subject,
        _("Reminder from %(org)s's case desk.") % {"org": reminder.case.unit.name},
    ])
    return subject, body

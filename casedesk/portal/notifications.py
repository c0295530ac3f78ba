"""Told when it moves: after the desk accepts or declines an online application, or records the
agreement, a worker who asked for it gets a message (casedesk.portal.messages)."""

import logging

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from casedesk.cases import clock, labels
from casedesk.cases.models import Case
from casedesk.cases.signals import case_changed

from . import messages
from .models import Application, Message

log = logging.getLogger(__name__)

TOLD = ("accept", "reject", "reach_agreement")


def connect():
    case_changed.connect(on_case_changed, sender=Case, dispatch_uid="casedesk.portal.notifications")


def on_case_changed(sender, case_id, name, **kwargs):
    if name not in TOLD:
        return
    application = Application.objects.filter(case_id=case_id, wants_messages=True).select_related("case").first()
    if application is not None:
        tell(application, name)


def tell(application, step):
    case = application.case
    with override(settings.LANGUAGE_CODE):
        text = _("%(org)s: your case %(number)s: %(step)s on %(date)s. Track it with your tracking number; "
                 "questions: %(phone)s.") % {
            "org": case.unit.name, "number": case.number,
            "step": labels.worker_state_label(case.status),
            "date": formats.date_format(timezone.localdate(clock.now())), "phone": settings.CASEDESK_ORG_PHONE,
        }
    applicant = case.applicants.order_by("position").first()
    sender = messages.backend()
    try:
        delivered = sender.send(phone=applicant.phone if applicant else "", text=text)
    except Exception:
        log.exception("The message about case %s (%s) could not be sent", case.pk, step)
        delivered = False
    return Message.objects.create(application=application, step=step, text=text[:300],
                                  backend=settings.CASEDESK_PORTAL_MESSAGE_BACKEND, sent_at=clock.now(),
                                  delivered=bool(delivered))

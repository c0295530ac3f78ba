"""Recording a consultation, and turning one into a case through the one intake service."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casedesk.cases import clock, intake, roles
from casedesk.cases.errors import InvalidData, NotPermitted, TransitionNotAllowed
from casedesk.cases.forms_base import errors_as_fields
from casedesk.units import tree
from casedesk.web import formatting

from . import access
from .choices import CASE_CATEGORY, CASE_CHANNEL
from .forms import ConsultationForm
from .models import Consultation


def record_consultation(*, actor, data):
    """Record the consultation in `data` (the API's body) for `actor`; InvalidData names every bad field."""
    if not roles.is_desk_user(actor):
        raise NotPermitted()
    if not isinstance(data, dict):
        raise InvalidData(fields={"non_field_errors": [str(_("Expected an object."))]})
    form = ConsultationForm(data, actor=actor)
    if not form.is_valid():
        raise InvalidData(fields=errors_as_fields(form))
    values = dict(form.cleaned_data)
    if not values["contact_consent"]:
        values.update(name="", phone="")
    with transaction.atomic():
        return Consultation.objects.create(recorded_by=actor, unit=tree.unit_of(actor), **values)


def registration_data(consultation, viewer):
    """What the registration of a case starts from when `consultation` becomes one (the name and
    phone only for a `viewer` who may read them)."""
    asked_on = timezone.localdate(consultation.asked_at)
    summary = _("Consultation of %(date)s: %(question)s") % {
        "date": formatting.chinese_date(asked_on), "question": consultation.question,
    }
    if consultation.answer:
        summary = f"{summary}\n{_('Answer given: %(answer)s') % {'answer': consultation.answer}}"
    applicant = {"employment_form": consultation.employment_form or "contract"}
    if access.sees_contact(viewer, consultation):
        applicant.update({key: getattr(consultation, key) for key in ("name", "phone") if getattr(consultation, key)})
    return {
        "channel": CASE_CHANNEL[consultation.channel], "category": CASE_CATEGORY[consultation.topic],
        "summary": summary, "applicants": [applicant],
    }


def with_consultation(consultation, body, viewer):
    """An API body completed from the consultation: each top-level part given in `body` wins."""
    if not isinstance(body, dict):
        return body
    return {**registration_data(consultation, viewer), **body}


def convert_to_case(*, consultation, actor, data, identities_checked=None):
    """Register the case `data` describes (the intake service decides everything about it) and link
    it with `consultation`, in one transaction. Refused (409) once the consultation is a case."""
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not access.visible_consultations(actor, Consultation.objects.filter(pk=locked.pk)).exists():
            raise NotPermitted()
        if locked.case_id is not None:
            raise TransitionNotAllowed(_("This consultation has already become a case."))
        registration = intake.register_case(actor=actor, data=data, identities_checked=identities_checked)
        locked.case, locked.converted_at = registration.case, clock.now()
        locked.save(update_fields=["case", "converted_at"])
    return registration

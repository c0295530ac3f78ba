"""Recording a mediation session (调解笔录): not a change of state, but a change of the case."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit, clock, roles
from .choices import Status
from .errors import InvalidData, NotPermitted, TransitionNotAllowed
from .forms_base import StrictForm, errors_as_fields, text_field
from .models import SUMMARY_MAX, Case, MediationSession


class SessionForm(StrictForm):
    held_at = forms.DateTimeField(label=_("held at"))
    place = text_field(200, label=_("place"))
    present = text_field(500, label=_("present"))
    statements = text_field(SUMMARY_MAX, required=False, label=_("statements"))

    def __init__(self, data=None, *, case, **kwargs):
        self.case = case
        super().__init__(data, **kwargs)

    def clean_held_at(self):
        held_at = self.cleaned_data["held_at"]
        if held_at > clock.now():
            raise forms.ValidationError(_("A session is recorded after it has been held."))
        if self.case.accepted_on and timezone.localdate(held_at) < self.case.accepted_on:
            raise forms.ValidationError(_("A session cannot be held before the case was accepted."))
        return held_at


def may_record_session(case, user):
    return case.status == Status.MEDIATING and (roles.is_assigned_mediator(case, user) or roles.is_supervisor(user))


def record_session(case, actor, /, **data):
    """Record a held session on a case in mediation; one audit event, under the case's row lock."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != Status.MEDIATING:
            raise TransitionNotAllowed()
        if not may_record_session(locked, actor):
            raise NotPermitted()
        form = SessionForm(data, case=locked)
        if not form.is_valid():
            raise InvalidData(fields=errors_as_fields(form))
        session = MediationSession.objects.create(case=locked, mediator=locked.mediator or actor, **form.cleaned_data)
        locked.save(update_fields=["updated_at"])
        audit.append_event(
            locked, action="record_session", actor=actor, from_state=locked.status, to_state=locked.status,
            data={"session": session.pk, "held_at": session.held_at.isoformat(), "place": session.place},
        )
    return session

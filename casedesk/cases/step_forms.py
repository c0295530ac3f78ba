"""The data of the audited steps that change a case without moving its state (casedesk.cases.steps),
validated against the case, and what each step writes (`apply`)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import clock, corrections, limitation
from .forms_base import StrictForm, check_past_date, reason_field, text_field
from .intake_forms import MAX_APPLICANTS
from .models import SUMMARY_MAX, MediationSession

NOTE_MAX = 2000


class StepForm(StrictForm):
    def __init__(self, data=None, *, case, **kwargs):
        self.case = case
        super().__init__(data, **kwargs)

    def apply(self, case, actor):
        """Write what the step records (the case is locked); returns the audit event's data."""
        return dict(self.cleaned_data)


def note_field(label, required=True):
    return text_field(NOTE_MAX, required=required, label=label)


class SessionRecordForm(StepForm):
    """A mediation session that was held (调解笔录)."""

    held_at = forms.DateTimeField(label=_("held at"))
    place = text_field(200, label=_("place"))
    present = text_field(500, label=_("present"))
    statements = text_field(SUMMARY_MAX, required=False, label=_("statements"))

    def clean_held_at(self):
        held_at = self.cleaned_data["held_at"]
        if held_at > clock.now():
            raise forms.ValidationError(_("A session is recorded after it has been held."))
        if self.case.accepted_on and timezone.localdate(held_at) < self.case.accepted_on:
            raise forms.ValidationError(_("A session cannot be held before the case was accepted."))
        return held_at

    def apply(self, case, actor):
        session = MediationSession.objects.create(case=case, mediator=case.mediator or actor, **self.cleaned_data)
        return {"session": session.pk, "held_at": session.held_at.isoformat(), "place": session.place}


class EvidenceForm(StepForm):
    note = note_field(_("evidence gathered"))


class SessionScheduleForm(StepForm):
    """A mediation session set for a time to come: what the mediation notice (调解通知书) announces."""

    scheduled_for = forms.DateTimeField(label=_("session date and time"))
    place = text_field(200, label=_("place"))
    note = note_field(_("note"), required=False)

    def clean_scheduled_for(self):
        scheduled_for = self.cleaned_data["scheduled_for"]
        if scheduled_for <= clock.now():
            raise forms.ValidationError(_("A session is scheduled for a time still to come."))
        return scheduled_for


class EmployerNoticeForm(StepForm):
    MEANS = [("phone", _("By phone")), ("letter", _("By letter")), ("visit", _("In person")), ("other", _("Other"))]

    notified_on = forms.DateField(label=_("notified on"))
    means = forms.ChoiceField(label=_("how"), choices=MEANS)
    note = note_field(_("note"), required=False)

    def clean_notified_on(self):
        check_past_date(self.cleaned_data["notified_on"], _("The notification date"))
        return self.cleaned_data["notified_on"]


class CourtFeedbackForm(StepForm):
    sent_on = forms.DateField(label=_("sent to the court on"))
    note = note_field(_("feedback (letter number, content)"))

    def clean_sent_on(self):
        check_past_date(self.cleaned_data["sent_on"], _("The date sent"))
        return self.cleaned_data["sent_on"]


class OverdueReviewForm(StepForm):
    note = note_field(_("what was done about it"))


class LimitationSuspensionForm(StepForm):
    """A reason that kept the worker from applying for arbitration (劳动争议调解仲裁法 Art.27 para 3)."""

    reason = reason_field()
    starts_on = forms.DateField(label=_("suspended from"))
    ends_on = forms.DateField(label=_("reason lasted until"))

    def clean_starts_on(self):
        check_past_date(self.cleaned_data["starts_on"], _("The first day of the suspension"))
        return self.cleaned_data["starts_on"]

    def clean_ends_on(self):
        check_past_date(self.cleaned_data["ends_on"], _("The last day of the suspension"))
        return self.cleaned_data["ends_on"]

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The suspension cannot end before it starts."))
        elif starts_on and not limitation.running_on(self.case, starts_on):
            self.add_error("starts_on", _(
                "The limitation was not running on that day: it runs from the day the dispute arose (for wage "
                "arrears, from the end of the employment) until the application, and again once mediation ended."
            ))
        return data

    def apply(self, case, actor):
        data = self.cleaned_data
        return {"reason": data["reason"], "starts_on": data["starts_on"], "ends_on": data["ends_on"]}


class CorrectionForm(StepForm):
    """One field of a party's data on this case corrected (DESIGN.md "Parties"): the value is checked
    as registration checks it, and the event keeps before and after, personal data masked."""

    party = forms.ChoiceField(label=_("whose data was corrected"), choices=corrections.PARTIES)
    applicant = forms.IntegerField(label=_("applicant (number on the case)"), min_value=1, max_value=MAX_APPLICANTS,
                                   required=False)
    field = forms.ChoiceField(label=_("field to correct"), choices=list(corrections.FIELDS.items()))
    value = text_field(corrections.VALUE_MAX, required=False, label=_("corrected value"))
    reason = reason_field()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.change = corrections.Change.of(self.case, data["party"], data.get("applicant"), data["field"],
                                                data.get("value", ""))
        except forms.ValidationError as error:
            for name, messages in error.error_dict.items():
                for message in messages:
                    self.add_error(name, message)
        return data

    def apply(self, case, actor):
        return {**self.change.write(case), "reason": self.cleaned_data["reason"]}

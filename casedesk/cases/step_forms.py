"""The data of the audited steps that change a case without moving its state (casedesk.cases.steps),
validated against the case, and what each step writes (`apply`)."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from casedesk.units import transfers, tree
from casedesk.units.models import Unit

from . import clock, corrections, limitation
from .forms_base import StrictForm, WrittenDateTimeField, check_past_date, reason_field, text_field
from .intake_forms import MAX_APPLICANTS, MAX_CLAIMS
from .models import SUMMARY_MAX, MediationSession
from .row_ids import parse_id

NOTE_MAX = 2000


class StepForm(StrictForm):
    def __init__(self, data=None, *, case, actor=None, **kwargs):
        self.case, self.actor = case, actor  # actor: who takes the step (None: not known, as in the schema)
        super().__init__(data, **kwargs)

    def apply(self, case, actor):
        """Write what the step records (the case is locked); returns the audit event's data."""
        return dict(self.cleaned_data)

    def check_since_registration(self, day):
        """`day` of something done on the case (a letter sent, the employer told): not before it was registered."""
        registered_on = timezone.localdate(self.case.submitted_at)
        if day is not None and day < registered_on:
            raise forms.ValidationError(_("The date is before the case was registered (%(date)s): check it.")
                                        % {"date": date_format(registered_on)})


def note_field(label, required=True):
    return text_field(NOTE_MAX, required=required, label=label)


class SessionRecordForm(StepForm):
    """A mediation session that was held (调解笔录)."""

    held_at = WrittenDateTimeField(label=_("held at"))
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

    scheduled_for = WrittenDateTimeField(label=_("session date and time"))
    place = text_field(200, label=_("place"))
    note = note_field(_("note"), required=False)

    def clean_scheduled_for(self):
        scheduled_for = self.cleaned_data["scheduled_for"]
        if scheduled_for <= clock.now():
            raise forms.ValidationError(_("A session is scheduled for a time still to come."))
        due = self.case.mediation_due
        if due and timezone.localdate(scheduled_for) > due:
            raise forms.ValidationError(
                _("The session is after the mediation deadline (%(due)s): extend the mediation first, or choose "
                  "another time.") % {"due": date_format(due)})
        return scheduled_for


class EmployerNoticeForm(StepForm):
    MEANS = [("phone", _("By phone")), ("letter", _("By letter")), ("visit", _("In person")), ("other", _("Other"))]

    notified_on = forms.DateField(label=_("notified on"))
    means = forms.ChoiceField(label=_("how"), choices=MEANS)
    note = note_field(_("note"), required=False)

    def clean_notified_on(self):
        check_past_date(self.cleaned_data["notified_on"], _("The notification date"))
        self.check_since_registration(self.cleaned_data["notified_on"])
        return self.cleaned_data["notified_on"]


class LetterSentForm(StepForm):
    """A letter the case's documents issued went out to its addressee: the day it was sent, and a note."""

    sent_on = forms.DateField(label=_("sent on"))
    note = note_field(_("note"))

    def clean_sent_on(self):
        check_past_date(self.cleaned_data["sent_on"], _("The date sent"))
        self.check_since_registration(self.cleaned_data["sent_on"])
        return self.cleaned_data["sent_on"]


class CourtFeedbackForm(LetterSentForm):
    """The feedback letter went back to the court that referred the case (反馈函)."""

    sent_on = forms.DateField(label=_("sent to the court on"))
    note = note_field(_("feedback (letter number, content)"))


class ReferralResultSentForm(LetterSentForm):
    """The letter on the result (办理结果告知函) went back to the body that referred the case."""

    sent_on = forms.DateField(label=_("sent to the referring body on"))
    note = note_field(_("how it was sent (by post, in person, tracking number)"), required=False)


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


class NewApplicantField(forms.Field):
    """A worker as the registration takes an applicant (casedesk.cases.intake_forms.ApplicantForm),
    checked by casedesk.cases.corrections.NewApplicant."""


class CorrectionForm(StepForm):
    """One field of a party's data on this case corrected (DESIGN.md "Parties"): the value is checked
    as registration checks it, and the event keeps before and after, personal data masked."""

    party = forms.ChoiceField(label=_("whose data was corrected"), choices=corrections.PARTIES)
    applicant = forms.IntegerField(label=_("applicant (number on the case)"), min_value=1, max_value=MAX_APPLICANTS,
                                   required=False)
    claim = forms.IntegerField(label=_("claim (number on the case)"), min_value=1, max_value=MAX_CLAIMS,
                               required=False)
    field = forms.ChoiceField(label=_("field to correct"), choices=list(corrections.FIELDS.items()), required=False)
    value = text_field(corrections.VALUE_MAX, required=False, label=_("corrected value"))
    # party "new_applicant": the worker as the registration takes an applicant ({"name", "id_type", …}).
    new_applicant = NewApplicantField(label=_("the worker to add"), required=False)
    reason = reason_field()
    structured_fields = ("new_applicant",)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            if data["party"] == corrections.NEW_APPLICANT:
                self.change = corrections.NewApplicant.of(self.case, data.get("new_applicant"))
                return data
            if not data.get("field"):
                raise forms.ValidationError({"field": [forms.Field.default_error_messages["required"]]})
            number = data.get("claim") if data["party"] == corrections.CLAIM else data.get("applicant")
            self.change = corrections.Change.of(self.case, data["party"], number, data["field"], data.get("value", ""))
        except forms.ValidationError as error:
            for name, messages in error.error_dict.items():
                if name not in self.fields:  # a part of the new worker: "new_applicant.id_number"
                    self._errors.setdefault(name, self.error_class()).extend(m for e in messages for m in e.messages)
                    continue
                for message in messages:
                    self.add_error(name, message)
        return data

    def apply(self, case, actor):
        if isinstance(self.change, corrections.NewApplicant):
            return {**self.change.write(case, actor), "reason": self.cleaned_data["reason"]}
        return {**self.change.write(case), "reason": self.cleaned_data["reason"]}


NOT_A_DESTINATION = _(
    "This case cannot be sent to that unit: a transfer goes down to your unit or a unit below it, up to a "
    "unit above the case's unit, or across to a unit that agreed to receive transfers from the case's unit."
)


class DestinationField(forms.ModelChoiceField):
    """A unit among the transfer's destinations (casedesk.units.transfers): a unit that exists but is
    not one of them is refused with the rule; the case's own unit or no unit at all, as a wrong choice."""

    case_unit_id = None

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            pk = parse_id(value)
            if pk is not None and Unit.objects.filter(pk=pk).exclude(pk=self.case_unit_id).exists():
                raise forms.ValidationError(NOT_A_DESTINATION, code="not_a_destination") from None
            raise


class TransferForm(StepForm):
    """转办/派单: the case goes to another unit (down to a station, up to the county, across to a
    neighbour that agreed: casedesk.units.transfers), keeping its number and history; that unit's
    supervisors find it from then on."""

    unit = DestinationField(label=_("to unit"), queryset=Unit.objects.none())
    reason = reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sender = tree.unit_of(self.actor) if self.actor is not None else self.case.unit
        field = self.fields["unit"]
        field.queryset = transfers.destinations(sender, self.case.unit)
        field.case_unit_id = self.case.unit_id
        field.error_messages["invalid_choice"] = _("Choose another unit.")

    def apply(self, case, actor):
        previous, unit = case.unit, self.cleaned_data["unit"]
        case.unit = unit
        case.save(update_fields=["unit"])
        return {"from_unit": previous.pk, "from_unit_name": previous.name, "to_unit": unit.pk,
                "to_unit_name": unit.name, "reason": self.cleaned_data["reason"]}

"""The data each transition takes (DESIGN.md state table), validated against the case."""

import datetime
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import clock, deadlines, roles
from .choices import OUTCOME_FOR_STATE, Outcome, Status
from .forms_base import (
    ConsentField,
    StrictForm,
    amount_field,
    check_not_too_far_ahead,
    check_past_date,
    reason_field,
    text_field,
)
from .models import SUMMARY_MAX, MediatorRelation


class TransitionForm(StrictForm):
    def __init__(self, data=None, *, case, **kwargs):
        self.case = case
        super().__init__(data, **kwargs)


class NoDataForm(TransitionForm):
    pass


class ReasonForm(TransitionForm):
    reason = reason_field()


def mediators():
    return get_user_model().objects.filter(is_active=True, groups__name=roles.MEDIATOR).distinct()


class AssignForm(TransitionForm):
    mediator = forms.ModelChoiceField(label=_("mediator"), queryset=mediators())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators()
        self.fields["mediator"].error_messages["invalid_choice"] = _("Choose an active mediator.")

    def clean_mediator(self):
        mediator = self.cleaned_data["mediator"]
        relation = MediatorRelation.objects.filter(mediator=mediator, employer_id=self.case.employer_id).first()
        if relation:
            raise forms.ValidationError(
                _("This mediator declared a relation with the employer (%(relation)s) and cannot mediate this case.")
                % {"relation": relation.relation}
            )
        return mediator


class ReassignForm(AssignForm):
    reason = reason_field()

    def clean_mediator(self):
        mediator = super().clean_mediator()
        if mediator.pk == self.case.mediator_id:
            raise forms.ValidationError(_("The case is already assigned to this mediator."))
        return mediator


class ExtendForm(TransitionForm):
    until = forms.DateField(label=_("new mediation deadline"))
    reason = reason_field()
    parties_consent = ConsentField(
        label=_("both parties consent"), error_messages={"required": _("An extension needs both parties' consent.")}
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        current = self.case.mediation_due
        if until < clock.today():
            raise forms.ValidationError(_("The new deadline cannot be in the past."))
        check_not_too_far_ahead(until, _("The new deadline"))
        if current and until <= current:
            raise forms.ValidationError(_("The new deadline must be after the current one (%(due)s).") % {"due": current})
        cap = deadlines.latest_extension_allowed(self.case)
        if cap and until > cap:
            raise forms.ValidationError(_("The court allows an extension until %(cap)s at the latest.") % {"cap": cap})
        return until


class InstalmentsField(forms.Field):
    """A list of {due_on, amount}, as JSON from the API or a list from the web form."""

    def to_python(self, value):
        if value in (None, "", []):
            return []
        if not isinstance(value, list) or len(value) > 60:
            raise forms.ValidationError(_("Instalments must be a list of at most 60 items."))
        cleaned = []
        for item in value:
            part = InstalmentForm(item if isinstance(item, dict) else {})
            if not isinstance(item, dict) or not part.is_valid():
                raise forms.ValidationError(_("Each instalment needs a date (due_on) and an amount."))
            cleaned.append(part.cleaned_data)
        return cleaned


class InstalmentForm(StrictForm):
    due_on = forms.DateField()
    amount = amount_field(min_value=Decimal("0.01"))

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        check_not_too_far_ahead(due_on, _("An instalment's date"))
        return due_on


class ReachAgreementForm(TransitionForm):
    structured_fields = ("instalments",)
    terms = text_field(SUMMARY_MAX, label=_("agreed terms"))
    amount = amount_field(label=_("amount"))
    signed_on = forms.DateField(label=_("signed on"), required=False)
    performance_due = forms.DateField(label=_("performance due"))
    instalments = InstalmentsField(required=False)

    def clean_signed_on(self):
        signed_on = self.cleaned_data.get("signed_on") or clock.today()
        check_past_date(signed_on, _("The signing date"))
        if self.case.accepted_on and signed_on < self.case.accepted_on:
            raise forms.ValidationError(_("The agreement cannot be signed before the case was accepted."))
        return signed_on

    def clean_performance_due(self):
        due = self.cleaned_data["performance_due"]
        check_not_too_far_ahead(due, _("The performance date"))
        return due

    def clean(self):
        data = super().clean()
        signed_on, due = data.get("signed_on"), data.get("performance_due")
        if signed_on and due and due < signed_on:
            self.add_error("performance_due", _("Performance cannot be due before the agreement is signed."))
        instalments, amount = data.get("instalments") or [], data.get("amount")
        if instalments and amount is not None:
            if sum(i["amount"] for i in instalments) != amount:
                self.add_error("instalments", _("The instalments must add up to the agreed amount."))
            if due and any(i["due_on"] > due for i in instalments):
                self.add_error("instalments", _("No instalment may fall after the performance due date."))
            if signed_on and any(i["due_on"] < signed_on for i in instalments):
                self.add_error("instalments", _("No instalment may fall before the agreement is signed."))
        return data


class ApplyConfirmationForm(TransitionForm):
    court = text_field(100, label=_("court"))
    applied_on = forms.DateField(label=_("applied on"))

    def clean_applied_on(self):
        applied_on = self.cleaned_data["applied_on"]
        check_past_date(applied_on, _("The application date"))
        agreement = self.case.agreements.first()
        if agreement and applied_on < agreement.signed_on:
            raise forms.ValidationError(_("The application cannot precede the agreement."))
        if agreement and applied_on > deadlines.confirmation_due(agreement.signed_on):
            raise forms.ValidationError(
                _("Judicial confirmation must be applied for within 30 days of the agreement taking effect.")
            )
        return applied_on


class CourtConfirmForm(TransitionForm):
    ruling_number = text_field(60, label=_("ruling number"))
    ruled_on = forms.DateField(label=_("ruled on"))

    def clean_ruled_on(self):
        ruled_on = self.cleaned_data["ruled_on"]
        check_past_date(ruled_on, _("The ruling date"))
        agreement = self.case.agreements.first()
        if agreement and agreement.confirmation_applied_on and ruled_on < agreement.confirmation_applied_on:
            raise forms.ValidationError(_("The court cannot rule before the application."))
        return ruled_on


class CloseForm(TransitionForm):
    outcome = forms.ChoiceField(label=_("outcome"), choices=Outcome.choices, required=False)
    recovered_amount = amount_field(label=_("amount recovered"), required=False)

    def clean(self):
        data = super().clean()
        expected = OUTCOME_FOR_STATE.get(Status(self.case.status))
        if data.get("outcome") and data["outcome"] != expected:
            self.add_error("outcome", _("A case in this state closes as “%(outcome)s”.") % {"outcome": expected.label})
        data["outcome"] = expected
        if data.get("recovered_amount") and expected in (Outcome.FAILED, Outcome.REJECTED):
            self.add_error("recovered_amount", _("A case that failed or was not accepted recovered nothing."))
        if data.get("recovered_amount") is None:
            if expected == Outcome.SETTLED and "recovered_amount" not in self.errors:
                self.add_error("recovered_amount", _("Record the amount recovered for the workers (0 if none)."))
            data["recovered_amount"] = Decimal("0.00")
        return data


FORMS = {
    "accept": NoDataForm,
    "reject": ReasonForm,
    "assign": AssignForm,
    "reassign": ReassignForm,
    "extend": ExtendForm,
    "reach_agreement": ReachAgreementForm,
    "record_failure": ReasonForm,
    "withdraw": ReasonForm,
    "apply_confirmation": ApplyConfirmationForm,
    "court_confirm": CourtConfirmForm,
    "court_reject": ReasonForm,
    "close": CloseForm,
    "archive": NoDataForm,
    "reopen": ReasonForm,
}


def plain(value):
    """A cleaned value as it goes into the audit event's JSON (money always with two places)."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, datetime.date):
        return str(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "pk"):
        return value.pk
    return value

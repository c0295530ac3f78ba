"""The data each transition takes (DESIGN.md state table), validated against the case, and what
the transition does with it beyond moving the state (`apply`).

Which form a transition uses is part of its declaration on casedesk.cases.models.Case.
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from casedesk.units import tree

from . import access, clock, conflicts, deadlines, performance
from .choices import OUTCOME_FOR_STATE, Outcome, PerformanceMethod, Status
from .forms_base import (
    ConsentField,
    IdentifierField,
    StrictForm,
    UserChoiceField,
    amount_field,
    check_not_too_far_ahead,
    check_past_date,
    reason_field,
    text_field,
)
from .intake_forms import BANK_ACCOUNT_MAX, validate_bank_account
from .models import SUMMARY_MAX, Agreement, AgreementShare, Instalment
from .roles import full_name, mediators


class TransitionForm(StrictForm):
    def __init__(self, data=None, *, case, **kwargs):
        self.case = case
        super().__init__(data, **kwargs)

    def apply(self, case, actor):
        """Write what the transition does beyond the state, on `case` (locked, saved by the caller);
        returns the facts worth keeping in the audit event beside the form's own data."""
        return {}


class NoDataForm(TransitionForm):
    pass


class ArchiveForm(NoDataForm):
    """A settled case is archived once its agreement is performed or its non-performance recorded."""

    def clean(self):
        data = super().clean()
        case = self.case
        if case.outcome == Outcome.SETTLED and case.unpaid_due is not None and case.non_performance_on is None:
            raise forms.ValidationError(_(
                "The agreement is not performed yet: record the payments, or that the employer did not perform it, "
                "before archiving."
            ))
        return data


class AcceptForm(NoDataForm):
    def apply(self, case, actor):
        case.accepted_on = clock.today()
        case.mediation_due = deadlines.mediation_due(case, step=deadlines.ACCEPTED, on=case.accepted_on)
        return {"mediation_due": case.mediation_due}


class ReasonForm(TransitionForm):
    reason = reason_field()


class FailureForm(ReasonForm):
    """Why mediation failed; for a court's case also what the court's feedback letter reports: the
    employer's position and the points in dispute (the focus of the dispute and its difficulties)."""

    employer_position = text_field(
        SUMMARY_MAX, required=False, label=_("the employer's position"),
        help_text=_("What the employer says about each claim (printed on the feedback letter to the court)."),
    )
    points_in_dispute = text_field(
        SUMMARY_MAX, required=False, label=_("points in dispute"),
        help_text=_("The focus of the dispute and what stood in the way of an agreement, one point a line."),
    )


class ReopenForm(ReasonForm):
    def apply(self, case, actor):
        """Back to accepted: a supervisor assigns it afresh; the mediation deadline is the one rule's."""
        previous = {"outcome": case.outcome, "recovered_amount": case.recovered_amount, "mediator": case.mediator_id}
        # The payments recorded stay recorded, and the amount recovered with them (None when there are none).
        case.outcome, case.closed_at, case.mediator = "", None, None
        case.recovered_amount = case.recovered_amount or None
        case.accepted_on = clock.today()
        case.mediation_due = deadlines.mediation_due(case, step=deadlines.REOPENED, on=case.accepted_on)
        return {"previous": previous, "mediation_due": case.mediation_due}


def latest_agreement_for_update(case):
    return case.agreements.select_for_update().first()


class CourtRejectForm(ReasonForm):
    def apply(self, case, actor):
        agreement = latest_agreement_for_update(case)
        agreement.court_rejection_reason = self.cleaned_data["reason"]
        agreement.save(update_fields=["court_rejection_reason"])
        return {"agreement": agreement.pk}


def mediators_for(case):
    """The mediators a case may be assigned to: those working in its numbering unit or below it (a
    station's case: its county's and its stations' mediators); never another county's."""
    return mediators().filter(tree.members_q(tree.numbering_unit(case.unit), ""))


class AssignForm(TransitionForm):
    mediator = UserChoiceField(label=_("mediator"), queryset=mediators())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators_for(self.case)
        self.fields["mediator"].error_messages["invalid_choice"] = _("Choose an active mediator.")

    def clean_mediator(self):
        mediator = self.cleaned_data["mediator"]
        reason = conflicts.reason_against(self.case, mediator)
        if reason:
            raise forms.ValidationError(reason)
        return mediator

    def apply(self, case, actor):
        previous = case.mediator_id
        case.mediator = self.cleaned_data["mediator"]
        return {"mediator_name": full_name(case.mediator), "previous_mediator": previous}


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
    long_extension_confirmed = ConsentField(label=_("yes, extend by this many days"), required=False)

    def clean_until(self):
        until = self.cleaned_data["until"]
        current = self.case.mediation_due
        if until < clock.today():
            raise forms.ValidationError(_("The new deadline cannot be in the past."))
        check_not_too_far_ahead(until, _("The new deadline"))
        if current and until <= current:
            raise forms.ValidationError(_("The new deadline must be after the current one (%(due)s).")
                                        % {"due": date_format(current)})
        cap = deadlines.extension_cap_passed(self.case, until)
        if cap:
            if self.case.is_court_case:
                raise forms.ValidationError(
                    _("The court allows an extension until %(cap)s at the latest.") % {"cap": date_format(cap)})
            raise forms.ValidationError(
                _("The union's mediation may be extended by at most %(days)d days past its period, until %(cap)s.")
                % {"days": settings.CASEDESK_MAX_EXTENSION_DAYS, "cap": date_format(cap)})
        return until

    def clean(self):
        data = super().clean()
        until = data.get("until")
        if until and not data.get("long_extension_confirmed") and deadlines.is_long_extension(self.case, until):
            self.add_error("long_extension_confirmed", _(
                "This extends mediation by %(days)d days, longer than the period itself: tick the box to confirm."
            ) % {"days": (until - self.case.mediation_due).days})
        if not data.get("long_extension_confirmed"):
            data.pop("long_extension_confirmed", None)
        return data

    def apply(self, case, actor):
        previous = case.mediation_due
        case.mediation_due = self.cleaned_data["until"]
        return {"previous_due": previous}


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


class SharesField(forms.Field):
    """Each worker's share of the amount: a list of {applicant (number on the case), amount}."""

    def to_python(self, value):
        if value in (None, "", []):
            return []
        if not isinstance(value, list) or len(value) > 500:
            raise forms.ValidationError(_("Shares must be a list with one item per applicant."))
        cleaned = []
        for item in value:
            part = ShareForm(item if isinstance(item, dict) else {})
            if not isinstance(item, dict) or not part.is_valid():
                raise forms.ValidationError(_("Each share needs the applicant's number on the case and an amount."))
            cleaned.append(part.cleaned_data)
        return cleaned


class ShareForm(StrictForm):
    applicant = forms.IntegerField(min_value=1, max_value=500)
    amount = amount_field(min_value=Decimal("0.01"))


class ReachAgreementForm(TransitionForm):
    structured_fields = ("instalments", "shares")
    terms = text_field(SUMMARY_MAX, label=_("agreed terms"))
    amount = amount_field(label=_("amount"))
    signed_on = forms.DateField(label=_("signed on"), required=False)
    performance_due = forms.DateField(label=_("performance due"))
    instalments = InstalmentsField(required=False)
    performance_method = forms.ChoiceField(label=_("performance method"), required=False,
                                           choices=[("", _("Not agreed yet (left blank on the agreement)")),
                                                    *PerformanceMethod.choices])
    performance_place = text_field(200, required=False, label=_("place of performance"))
    payee_account = IdentifierField(max_length=BANK_ACCOUNT_MAX + 10, required=False, label=_("payee account"),
                                    validators=[validate_bank_account])
    shares = SharesField(required=False, label=_("each worker's share"))
    above_claim_confirmed = ConsentField(label=_("yes, the agreed amount is above the claims"), required=False)

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
        self._clean_performance(data)
        self._clean_shares(data)
        self._clean_above_claim(data)
        return data

    def _clean_above_claim(self, data):
        """An amount above what the workers claimed is asked twice: a digit too many goes into every document."""
        amount, claimed = data.get("amount"), self.case.claimed_total
        if amount is not None and claimed and amount > claimed and not data.get("above_claim_confirmed"):
            self.add_error("above_claim_confirmed", _(
                "The agreed amount (¥%(amount)s) is above the claims (¥%(claimed)s): check it, and tick the box if "
                "it is right."
            ) % {"amount": f"{amount:,.2f}", "claimed": f"{claimed:,.2f}"})
        if not data.get("above_claim_confirmed"):
            data.pop("above_claim_confirmed", None)

    def _clean_performance(self, data):
        """How and where the employer pays; a transfer without a payee account goes to each worker's own."""
        method, place, account = data.get("performance_method"), data.get("performance_place"), data.get("payee_account")
        every_worker_has_an_account = all(a.bank_account for a in self.case.applicants.all())
        if not method and not place and not account and every_worker_has_an_account:
            data["performance_method"] = method = PerformanceMethod.TRANSFER
        if method in (PerformanceMethod.CASH, PerformanceMethod.OTHER) and not place:
            self.add_error("performance_place", _("Say where (and for another method, how) the employer pays."))
        if account and method != PerformanceMethod.TRANSFER:
            self.add_error("payee_account", _("A payee account goes with a bank transfer."))
        if method == PerformanceMethod.TRANSFER and not account and not every_worker_has_an_account:
            self.add_error("payee_account", _(
                "Give the account to pay into: not every worker's bank account is on record (a correction of "
                "the worker's data adds it)."
            ))

    def _clean_shares(self, data):
        shares, amount = data.get("shares") or [], data.get("amount")
        if not shares:
            return
        numbers = [share["applicant"] for share in shares]
        if sorted(numbers) != list(range(1, self.case.applicant_count + 1)):
            self.add_error("shares", _("Give one share for each applicant of the case (1 to %(n)d).")
                           % {"n": self.case.applicant_count})
        elif amount is not None and sum(share["amount"] for share in shares) != amount:
            self.add_error("shares", _("The shares must add up to the agreed amount."))

    def apply(self, case, actor):
        data = self.cleaned_data
        agreement = Agreement.objects.create(
            case=case, terms=data["terms"], amount=data["amount"], signed_on=data["signed_on"],
            performance_due=data["performance_due"], performance_method=data["performance_method"],
            performance_place=data["performance_place"], payee_account=data["payee_account"],
        )
        Instalment.objects.bulk_create(
            Instalment(agreement=agreement, due_on=i["due_on"], amount=i["amount"]) for i in data["instalments"]
        )
        applicants = {a.number: a for a in case.applicants.all()}
        AgreementShare.objects.bulk_create(
            AgreementShare(agreement=agreement, applicant=applicants[s["applicant"]], amount=s["amount"])
            for s in data["shares"]
        )
        case.unpaid_due = performance.unpaid_due(agreement, performance.ZERO)  # nothing paid on it yet
        return {"agreement": agreement.pk, "confirmation_due": deadlines.confirmation_due(agreement.signed_on),
                "payee_account": access.masked_bank_account(data["payee_account"], False)}


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

    def apply(self, case, actor):
        agreement = latest_agreement_for_update(case)
        agreement.confirmation_court = self.cleaned_data["court"]
        agreement.confirmation_applied_on = self.cleaned_data["applied_on"]
        agreement.save(update_fields=["confirmation_court", "confirmation_applied_on"])
        return {"agreement": agreement.pk}


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

    def apply(self, case, actor):
        agreement = latest_agreement_for_update(case)
        agreement.ruling_number = self.cleaned_data["ruling_number"]
        agreement.ruled_on = self.cleaned_data["ruled_on"]
        agreement.save(update_fields=["ruling_number", "ruled_on"])
        return {"agreement": agreement.pk}


class CloseForm(TransitionForm):
    """The outcome follows from the state; the amount recovered is not typed: it is the sum of the
    payments recorded so far (casedesk.payments), which may still be recorded once the case is closed."""

    outcome = forms.ChoiceField(label=_("outcome"), choices=Outcome.choices, required=False)

    def clean(self):
        data = super().clean()
        expected = OUTCOME_FOR_STATE.get(Status(self.case.status))
        if data.get("outcome") and data["outcome"] != expected:
            self.add_error("outcome", _("A case in this state closes as “%(outcome)s”.") % {"outcome": expected.label})
        data["outcome"] = expected
        return data

    def apply(self, case, actor):
        case.outcome = self.cleaned_data["outcome"]
        case.recovered_amount = case.recovered_amount or Decimal("0.00")
        case.closed_at = clock.now()
        return {"recovered_amount": case.recovered_amount}

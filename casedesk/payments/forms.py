"""The data of a payment and of a reversal, validated against the case (locked by the step service),
and what each writes (`apply`): the row, then the case's amount recovered and first unpaid due date."""

from decimal import Decimal

from django import forms
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casedesk.cases import clock, performance
from casedesk.cases.choices import PaymentMethod, VisitMethod
from casedesk.cases.forms_base import ConsentField, amount_field, check_past_date, reason_field, text_field
from casedesk.cases.step_forms import EmployerNoticeForm, StepForm
from casedesk.web.formatting import chinese_date, yuan

from .models import TEXT_MAX, Payment, ReturnVisit


def latest_agreement(case):
    return case.agreements.first()  # newest first (Agreement.Meta.ordering)


class PaymentForm(StepForm):
    paid_on = forms.DateField(label=_("paid on"))
    amount = amount_field(min_value=None, label=_("amount paid"))
    method = forms.ChoiceField(label=_("method"), choices=PaymentMethod.choices)
    instalment = forms.IntegerField(label=_("instalment it pays (number, optional)"), min_value=1, max_value=500,
                                    required=False)
    note = text_field(TEXT_MAX, required=False, label=_("note or evidence reference"))
    overpayment_reason = text_field(TEXT_MAX, required=False, label=_("reason, if more than is outstanding"))

    def __init__(self, data=None, *, case, **kwargs):
        super().__init__(data, case=case, **kwargs)
        self.agreement, self.instalment = latest_agreement(case), None

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("A payment is an amount above zero."))
        return amount

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        check_past_date(paid_on, _("The payment date"))
        if self.agreement and paid_on < self.agreement.signed_on:
            raise forms.ValidationError(_("A payment against the agreement cannot precede its signing (%(date)s).")
                                        % {"date": chinese_date(self.agreement.signed_on)})
        return paid_on

    def clean(self):
        data = super().clean()
        if self.agreement is None:
            return data
        number = data.get("instalment")
        instalments = sorted(self.agreement.instalments.all(), key=lambda i: (i.due_on, i.pk))
        if number is not None and number > len(instalments):
            self.add_error("instalment", _("The agreement has no instalment %(n)d.") % {"n": number}
                           if instalments else _("The agreement has no instalments: leave this empty."))
        self.instalment = instalments[number - 1] if number and number <= len(instalments) else None
        amount = data.get("amount")
        outstanding = performance.of(self.agreement).outstanding
        if amount is not None and amount > outstanding and not data.get("overpayment_reason"):
            self.add_error("amount", _(
                "This is more than the %(outstanding)s outstanding on the agreement: check the amount, or give the "
                "reason for the overpayment."
            ) % {"outstanding": yuan(outstanding)})
        return data

    def apply(self, case, actor):
        data = self.cleaned_data
        payment = Payment.objects.create(
            case=case, agreement=self.agreement, instalment=self.instalment, paid_on=data["paid_on"],
            amount=data["amount"], method=data["method"], note=data["note"],
            overpayment_reason=data["overpayment_reason"], recorded_by=actor,
        )
        return {"payment": payment.pk, **_written(data), **settle(case, self.agreement)}


class ReversalForm(StepForm):
    payment = forms.IntegerField(label=_("payment to reverse"), min_value=1)
    reason = reason_field()

    def clean_payment(self):
        payment = Payment.objects.filter(case=self.case, pk=self.cleaned_data["payment"]).first()
        if payment is None:
            raise forms.ValidationError(_("This case has no such payment."))
        if payment.is_reversal:
            raise forms.ValidationError(_("A reversal is not reversed: record the payment again instead."))
        if Payment.objects.filter(reverses=payment).exists():
            raise forms.ValidationError(_("This payment has been reversed already."))
        self.original = payment
        return payment.pk

    def apply(self, case, actor):
        original = self.original
        counter = Payment.objects.create(
            case=case, agreement=original.agreement, instalment=original.instalment, paid_on=original.paid_on,
            amount=-original.amount, method=original.method, reverses=original,
            reason=self.cleaned_data["reason"], recorded_by=actor,
        )
        return {"payment": counter.pk, "reverses": original.pk, "amount": counter.amount,
                "paid_on": original.paid_on, "reason": counter.reason, **settle(case, latest_agreement(case))}


class FollowUpForm(StepForm):
    """The mediator contacted the employer about a missed instalment, and what came of it."""

    contacted_on = forms.DateField(label=_("contacted on"))
    means = forms.ChoiceField(label=_("how"), choices=EmployerNoticeForm.MEANS)
    result = text_field(TEXT_MAX, label=_("what the employer said or promised"))

    def clean_contacted_on(self):
        check_past_date(self.cleaned_data["contacted_on"], _("The date of the contact"))
        return self.cleaned_data["contacted_on"]

    def apply(self, case, actor):
        return {**self.cleaned_data, "unpaid_due": case.unpaid_due}


class NonPerformanceForm(StepForm):
    """The employer did not perform the agreement: recorded after the grace period; the worker's paths
    (a payment order, arbitration) are then offered on the case page."""

    reason = text_field(TEXT_MAX, label=_("what was done to obtain payment, and the employer's answer"))

    def apply(self, case, actor):
        case.non_performance_on = clock.today()
        case.save(update_fields=["non_performance_on"])
        found = performance.of(latest_agreement(case))
        return {"reason": self.cleaned_data["reason"], "unpaid_due": case.unpaid_due, "paid": found.paid,
                "outstanding": found.outstanding}


class ReturnVisitForm(StepForm):
    """The return visit to the worker: when, how, whether the money arrived, satisfaction 1 to 5, remarks."""

    visited_on = forms.DateField(label=_("visited on"))
    method = forms.ChoiceField(label=pgettext_lazy("return visit", "how"), choices=VisitMethod.choices)
    money_received = ConsentField(label=_("the worker received the money"), required=False)
    satisfaction = forms.IntegerField(label=_("the worker's satisfaction (1 to 5)"), min_value=1, max_value=5)
    note = text_field(TEXT_MAX, required=False, label=_("remarks"))

    def clean_visited_on(self):
        check_past_date(self.cleaned_data["visited_on"], _("The date of the visit"))
        return self.cleaned_data["visited_on"]

    def apply(self, case, actor):
        data = self.cleaned_data
        visit = ReturnVisit.objects.create(case=case, recorded_by=actor, **data)
        return {"visit": visit.pk, "visited_on": data["visited_on"], "visit_method": data["method"],
                "money_received": data["money_received"], "satisfaction": data["satisfaction"], "note": data["note"]}


def _written(data):
    kept = {key: data[key] for key in ("paid_on", "amount", "method", "instalment", "note", "overpayment_reason")}
    return {key: value for key, value in kept.items() if value not in (None, "")}


def settle(case, agreement):
    """After a payment or a reversal: the case's amount recovered (every payment recorded on it) and the
    due date of its agreement's first instalment not yet fully paid; returns what the event keeps."""
    paid = Payment.objects.filter(agreement=agreement).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    recovered = Payment.objects.filter(case=case).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    case.recovered_amount = recovered
    case.unpaid_due = performance.unpaid_due(agreement, paid)
    case.save(update_fields=["recovered_amount", "unpaid_due"])
    return {"paid": paid, "outstanding": max(agreement.amount - paid, Decimal("0.00"))}

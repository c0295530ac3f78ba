"""Payments against a case's agreement: recorded, never edited or deleted; a mistake is reversed by a
counter-entry of the opposite sign that names the payment it reverses and why."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casedesk.cases import clock
from casedesk.cases.choices import PaymentMethod, VisitMethod
from casedesk.cases.models import Agreement, Case, Instalment

TEXT_MAX = 2000


class Payment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payments")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="payments")
    # The instalment the payer said it pays (payments count against the schedule earliest first whatever it names).
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, null=True, blank=True, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)  # negative: a counter-entry
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    note = models.CharField(_("note or evidence reference"), max_length=TEXT_MAX, blank=True)
    overpayment_reason = models.CharField(_("reason for paying more than is outstanding"), max_length=TEXT_MAX,
                                          blank=True)
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal")
    reason = models.CharField(_("reason for the reversal"), max_length=TEXT_MAX, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["paid_on", "id"]
        indexes = [models.Index(fields=["paid_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="payment_amount_not_zero"),
            # A counter-entry is negative and says what it reverses and why; a payment is positive.
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True, amount__gt=0) | (Q(reverses__isnull=False, amount__lt=0)
                                                                     & ~Q(reason=""))),
                name="payment_or_counter_entry",
            ),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.amount} ({self.paid_on})"

    @property
    def is_reversal(self):
        return self.reverses_id is not None


class ReturnVisit(models.Model):
    """A return visit (回访) to the worker once the agreement was performed or its non-performance recorded."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="return_visits")
    visited_on = models.DateField(_("visited on"))
    method = models.CharField(pgettext_lazy("return visit", "how"), max_length=20, choices=VisitMethod.choices)
    money_received = models.BooleanField(_("the worker received the money"))
    satisfaction = models.PositiveSmallIntegerField(_("the worker's satisfaction (1 to 5)"))
    note = models.CharField(_("remarks"), max_length=TEXT_MAX, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["visited_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                                              name="return_visit_satisfaction_1_to_5")]

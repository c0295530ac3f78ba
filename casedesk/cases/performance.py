"""How far an agreement has been performed: derived from the payments recorded against it, never typed.

The payments (casedesk.payments, each an audited step; a mistake is reversed by a counter-entry
of the opposite sign) count against the agreement's schedule in the order of its due dates, the
earliest first, whichever instalment a payment names: what the employer owes by a date is the sum
of the instalments due by then. An agreement without instalments has one: its whole amount, due on
the performance date.

Per instalment: pending, paid, partly paid, or missed (past due and not fully paid: the one rule is
casedesk.cases.deadlines.is_missed). Per agreement: pending (nothing paid, nothing missed), partly
performed, performed (paid in full), not performed (an instalment missed).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy

from . import clock, deadlines
from .choices import FINISHED_STATES, Outcome, Status
from .models import Agreement

ZERO = Decimal("0.00")


class InstalmentStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("performance", "Pending")
    PAID = "paid", pgettext_lazy("performance", "Paid")
    PARTLY_PAID = "partly_paid", pgettext_lazy("performance", "Partly paid")
    MISSED = "missed", pgettext_lazy("performance", "Missed")


class AgreementStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("performance", "Pending")
    PARTLY_PERFORMED = "partly_performed", pgettext_lazy("performance", "Partly performed")
    PERFORMED = "performed", pgettext_lazy("performance", "Performed")
    NOT_PERFORMED = "not_performed", pgettext_lazy("performance", "Not performed")


@dataclass(frozen=True)
class ScheduledPayment:
    number: int  # 1, 2, … in the order of the due dates
    due_on: date
    amount: Decimal
    paid: Decimal
    status: str
    instalment_id: int | None = None  # None: the agreement's single payment on its performance date

    @property
    def outstanding(self):
        return self.amount - self.paid

    def get_status_display(self):
        return InstalmentStatus(self.status).label


@dataclass(frozen=True)
class PaymentRow:
    """A payment as the list of payments shows it."""

    payment: object
    named: int | None  # the number of the instalment the payer named, if any
    counted: tuple  # the numbers of the instalments it counts against; () for a reversed payment or a counter-entry

    @property
    def counted_elsewhere(self):
        """Whether the payer named an instalment and the payment counts against others too, or instead
        (not said of a payment that counts against none: reversed, or beyond the agreed amount)."""
        return self.named is not None and bool(self.counted) and self.counted != (self.named,)


@dataclass(frozen=True)
class Performance:
    agreement: object
    amount: Decimal
    paid: Decimal
    status: str
    instalments: list = field(default_factory=list)
    payments: list = field(default_factory=list)

    @property
    def outstanding(self):
        return max(self.amount - self.paid, ZERO)

    @property
    def reversed_ids(self):
        """The payments a counter-entry has reversed."""
        return {getattr(p, "reverses_id", None) for p in self.payments} - {None}

    def get_status_display(self):
        return AgreementStatus(self.status).label

    @property
    def in_instalments(self):
        """Whether the agreement is paid in several instalments (else once, on its performance date)."""
        return len(self.instalments) > 1

    @property
    def numbers(self):
        """{instalment id: its number}: the numbers a payment names instalments by."""
        return {row.instalment_id: row.number for row in self.instalments if row.instalment_id}

    @property
    def payment_rows(self):
        """[PaymentRow] in the order of the payments: each payment, the instalment it named and those it
        counts against. Counting the payments in the order they were paid, earliest instalment first,
        gives each instalment the same sum as `of` does; a reversed payment and its counter-entry cancel
        out and count against none, and what is paid beyond the agreed amount against none either."""
        reversed_ids, numbers = self.reversed_ids, self.numbers
        left = [[row.number, row.amount] for row in self.instalments]
        counted = {}
        for payment in sorted(self.payments, key=lambda p: (p.paid_on, p.pk)):
            if payment.is_reversal or payment.pk in reversed_ids:
                continue
            amount, covered = payment.amount, []
            while amount > ZERO and left:
                number, open_amount = left[0]
                taken = min(amount, open_amount)
                amount, left[0][1] = amount - taken, open_amount - taken
                covered.append(number)
                if left[0][1] <= ZERO:
                    left.pop(0)
            counted[payment.pk] = tuple(covered)
        return [PaymentRow(p, numbers.get(p.instalment_id), counted.get(p.pk, ())) for p in self.payments]


def schedule(agreement):
    """[(due_on, amount, instalment id or None)] in the order payments count against them."""
    instalments = sorted(agreement.instalments.all(), key=lambda i: (i.due_on, i.pk))
    if instalments:
        return [(i.due_on, i.amount, i.pk) for i in instalments]
    return [(agreement.performance_due, agreement.amount, None)]


def unpaid_due(agreement, paid):
    """The due date of the first instalment not fully covered by `paid` (None: paid in full)."""
    covered = ZERO
    for due_on, amount, _pk in schedule(agreement):
        covered += amount
        if paid < covered:
            return due_on
    return None


def of(agreement, payments=None, today=None):
    """The agreement's performance; `payments` default to those recorded against it (net of reversals)."""
    today = today or clock.today()
    payments = list(agreement.payments.all() if payments is None else payments)
    paid = sum((p.amount for p in payments), ZERO)
    remaining, rows = paid, []
    for number, (due_on, amount, pk) in enumerate(schedule(agreement), start=1):
        got = min(max(remaining, ZERO), amount)
        remaining -= got
        rows.append(ScheduledPayment(number, due_on, amount, got, _instalment_status(due_on, amount, got, today), pk))
    if paid >= agreement.amount:
        status = AgreementStatus.PERFORMED
    elif any(row.status == InstalmentStatus.MISSED for row in rows):
        status = AgreementStatus.NOT_PERFORMED
    elif paid > ZERO:
        status = AgreementStatus.PARTLY_PERFORMED
    else:
        status = AgreementStatus.PENDING
    return Performance(agreement, agreement.amount, paid, status, rows, payments)


def _instalment_status(due_on, amount, paid, today):
    if paid >= amount:
        return InstalmentStatus.PAID
    if deadlines.is_missed(due_on, fully_paid=False, today=today):
        return InstalmentStatus.MISSED
    return InstalmentStatus.PARTLY_PAID if paid > ZERO else InstalmentStatus.PENDING


# Performance over: paid in full, or its non-performance recorded (the time for a return visit, 回访).
# The rule twice side by side: for one case, and as a filter for lists and figures.
SETTLED_STATES = (Status.AGREED, Status.CONFIRMING, Status.CONFIRMED)


def ended(case):
    """Whether the agreement of `case` (settled by it) was performed or its non-performance recorded."""
    settled = case.status in SETTLED_STATES or (case.status in FINISHED_STATES and case.outcome == Outcome.SETTLED)
    has_agreement = case.agreements.exists()
    return settled and has_agreement and (case.unpaid_due is None or case.non_performance_on is not None)


def ended_q():
    settled = Q(status__in=SETTLED_STATES) | Q(status__in=FINISHED_STATES, outcome=Outcome.SETTLED)
    over = Q(unpaid_due__isnull=True) | Q(non_performance_on__isnull=False)
    return settled & over & Q(pk__in=Agreement.objects.values("case_id"))

"""The statutory deadlines of a case, each with the statute it comes from (DOMAIN.md).

Periods are settings: several are marked [M] in DOMAIN.md and a union may follow local
rules. Calendar-day periods start the day after the event and, when the last day is a
rest day, end on the next working day (民事诉讼法 Art.85).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from . import calendar, clock
from .choices import FINISHED_STATES, Category, Outcome, Status

ACCEPTANCE_BASIS = _(
    "Enterprise Labour Dispute Consultation and Mediation Provisions (MOHRSS Order No. 17), Art. 23: "
    "decide whether to accept the application within %(days)d working days"
)
MEDIATION_BASIS = _(
    "Labour Dispute Mediation and Arbitration Law, Art. 14; MOHRSS Order No. 17, Art. 29: mediation ends "
    "within %(days)d days of acceptance unless both parties agree to extend it, else it is deemed to have failed"
)
COURT_MEDIATION_BASIS = _(
    "SPC Guiding Opinions on Delegated Mediation (Fa [2020] No. 55) and local practice: mediation for the "
    "court ends within %(days)d days, extendable by both parties' consent by at most %(extension)d days"
)
CONFIRMATION_BASIS = _(
    "People's Mediation Law, Art. 33: both parties may jointly apply to the court for judicial confirmation "
    "within %(days)d days of the agreement taking effect"
)
PERFORMANCE_BASIS = _(
    "Labour Dispute Mediation and Arbitration Law, Arts. 15 and 16: if the agreement is not performed, "
    "the other party may apply for arbitration; for unpaid wages, work-injury medical costs, economic "
    "compensation or damages the worker may also ask a court for a payment order"
)
LIMITATION_BASIS = _(
    "Labour Dispute Mediation and Arbitration Law, Art. 27: arbitration must be applied for within one year "
    "of the day the party knew or should have known that their rights were infringed"
)
WAGE_LIMITATION_BASIS = _(
    "Labour Dispute Mediation and Arbitration Law, Art. 27: wage arrears are not time-barred while the "
    "employment lasts; once it ends, arbitration must be applied for within one year"
)
STILL_EMPLOYED_NOTE = _("The worker is still employed: the limitation period does not run for wage arrears.")
TIME_BARRED_NOTE = _("The application came after the one-year limitation period had ended.")

ACCEPTANCE = "acceptance"
MEDIATION = "mediation"
CONFIRMATION_APPLICATION = "confirmation_application"
PERFORMANCE = "performance"
LIMITATION = "limitation"

# A court case carries the court's mediation deadline from the day it is registered.
MEDIATION_PENDING = (Status.SUBMITTED, Status.ACCEPTED, Status.MEDIATING)
PERFORMANCE_PENDING = (Status.AGREED, Status.CONFIRMING, Status.CONFIRMED)


def _cite(message, **params):
    """The message with its numbers filled in, translated when it is shown."""
    return lazy(lambda: str(message) % params, str)()


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: date | None
    basis: str
    overdue: bool
    met: bool
    estimated: bool
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "due": self.due.isoformat() if self.due else None,
            "basis": str(self.basis),
            "overdue": self.overdue,
            "met": self.met,
            "estimated": self.estimated,
            "note": str(self.note),
        }


def _period_end(start: date, days: int) -> tuple[date, bool]:
    return calendar.roll_forward_to_working_day(start + timedelta(days=days))


def _one_year_after(day: date) -> date:
    # 民法典 Art.202: with no corresponding day (29 February), the period ends on the month's last day.
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def acceptance_due(submitted_on: date) -> tuple[date, bool]:
    return calendar.add_working_days(submitted_on, settings.CASEDESK_ACCEPTANCE_WORKING_DAYS)


# The steps that set a case's mediation deadline (mediation_due).
REGISTERED, ACCEPTED, REOPENED = "create", "accept", "reopen"


def mediation_due(case, *, step: str, on: date) -> date | None:
    """The mediation deadline `case` gets at `step` (registered, accepted or reopened) taken on `on`.

    The one rule for union and court cases alike:
    - a court case keeps the court's period, counted from the referral, from registration on:
      accepting it changes nothing, and reopening it does not start a new one (the court set the
      period, and only both parties' consent extends it: "extend", capped for court cases);
    - a union case gets its period when it is accepted, and a fresh one when it is reopened
      (it is accepted again: the period runs from acceptance).
    """
    if case.is_court_case:
        referral = case.court_referral
        return court_mediation_due(referral.referred_on, referral.mediation_days)
    if step == REGISTERED:
        return None
    return mediation_due_after_acceptance(on)


def mediation_due_after_acceptance(accepted_on: date) -> date:
    return _period_end(accepted_on, settings.CASEDESK_MEDIATION_DAYS)[0]


def court_mediation_due(referred_on: date, days: int | None = None) -> date:
    return _period_end(referred_on, settings.CASEDESK_COURT_MEDIATION_DAYS if days is None else days)[0]


def latest_extension_allowed(case) -> date | None:
    """The last day a court case's mediation may be extended to; None: no cap outside court cases."""
    if not case.is_court_case:
        return None
    referral = case.court_referral
    original = court_mediation_due(referral.referred_on, referral.mediation_days)
    return _period_end(original, settings.CASEDESK_COURT_EXTENSION_MAX_DAYS)[0]


def confirmation_due(agreement_signed_on: date) -> date:
    return _confirmation_due(agreement_signed_on)[0]


def _confirmation_due(signed_on: date) -> tuple[date, bool]:
    # The agreement takes effect when signed and sealed (劳动争议调解仲裁法 Art.14).
    return _period_end(signed_on, settings.CASEDESK_CONFIRMATION_DAYS)


def limitation(case) -> Deadline:
    """The one-year limitation; `overdue` says the application itself came after it."""
    if case.category == Category.WAGE_ARREARS:
        if case.employment_ended_on is None:
            return Deadline(LIMITATION, None, WAGE_LIMITATION_BASIS, False, False, False, STILL_EMPLOYED_NOTE)
        start, basis = case.employment_ended_on, WAGE_LIMITATION_BASIS
    else:
        start, basis = case.dispute_started_on, LIMITATION_BASIS
    due = _one_year_after(start)
    late = timezone.localdate(case.submitted_at) > due
    return Deadline(LIMITATION, due, basis, late, not late, False, TIME_BARRED_NOTE if late else "")


def case_deadlines(case, today: date | None = None) -> list[Deadline]:
    """The deadlines that apply to the case now; reads its `agreements` (prefetch them for lists)."""
    today = today or clock.today()
    submitted_on = timezone.localdate(case.submitted_at)
    dues = [submitted_on, case.acceptance_due] + ([case.mediation_due] if case.mediation_due else [])
    covered = calendar.covered_years(min(dues).year, max(dues).year)
    items = [_acceptance(case, submitted_on, covered, today)]
    if case.mediation_due:
        items.append(_mediation(case, covered, today))
    agreement = _latest_agreement(case)
    if agreement:
        items += [_confirmation(case, agreement, today), _performance(case, agreement, today)]
    items.append(limitation(case))
    return items


def _acceptance(case, submitted_on, covered, today):
    met = case.status != Status.SUBMITTED
    estimated = any(year not in covered for year in range(submitted_on.year, case.acceptance_due.year + 1))
    basis = _cite(ACCEPTANCE_BASIS, days=settings.CASEDESK_ACCEPTANCE_WORKING_DAYS)
    return Deadline(ACCEPTANCE, case.acceptance_due, basis, not met and today > case.acceptance_due, met, estimated)


def _mediation(case, covered, today):
    due = case.mediation_due
    met = case.status not in MEDIATION_PENDING
    return Deadline(MEDIATION, due, _mediation_basis(case), not met and today > due, met, due.year not in covered)


def _mediation_basis(case):
    if case.is_court_case:
        days, extension = case.court_referral.mediation_days, settings.CASEDESK_COURT_EXTENSION_MAX_DAYS
        return _cite(COURT_MEDIATION_BASIS, days=days, extension=extension)
    return _cite(MEDIATION_BASIS, days=settings.CASEDESK_MEDIATION_DAYS)


def _confirmation(case, agreement, today):
    due, estimated = _confirmation_due(agreement.signed_on)
    met = agreement.confirmation_applied_on is not None
    overdue = not met and case.status == Status.AGREED and today > due
    basis = _cite(CONFIRMATION_BASIS, days=settings.CASEDESK_CONFIRMATION_DAYS)
    return Deadline(CONFIRMATION_APPLICATION, due, basis, overdue, met, estimated)


def _performance(case, agreement, today):
    due = agreement.performance_due
    met = case.status in FINISHED_STATES and case.outcome == Outcome.SETTLED
    overdue = case.status in PERFORMANCE_PENDING and today > due
    return Deadline(PERFORMANCE, due, PERFORMANCE_BASIS, overdue, met, False)


def _latest_agreement(case):
    agreements = list(case.agreements.all())
    return max(agreements, key=lambda a: (a.created_at, a.pk)) if agreements else None


def _pending_q(prefix: str, *, acceptance: dict, mediation: dict) -> Q:
    """Open acceptance or mediation deadlines matching the lookups, on the case at `prefix` (a relation path)."""
    def lookups(**fields):
        return {f"{prefix}{name}": value for name, value in fields.items()}

    # "IS NOT NULL" keeps the expression true or false, never NULL, where it is annotated.
    return Q(**lookups(status=Status.SUBMITTED, **{f"acceptance_due__{k}": v for k, v in acceptance.items()})) | Q(
        **lookups(status__in=MEDIATION_PENDING, mediation_due__isnull=False,
                  **{f"mediation_due__{k}": v for k, v in mediation.items()})
    )


def overdue_q(today: date, prefix: str = "") -> Q:
    """THE definition of overdue: cases past their acceptance or mediation deadline, from stored
    fields (as case_deadlines). `prefix` reaches the case through a relation ("mediated_cases__")."""
    return _pending_q(prefix, acceptance={"lt": today}, mediation={"lt": today})


# Due soon: the one rule for the desk's deadline page, the supervisors' at-risk list and the timeline.


def due_soon_working_days() -> int:
    return max(settings.CASEDESK_DUE_SOON_WORKING_DAYS, 0)


def due_soon_until(today: date) -> date:
    """The first day no longer "due soon": the (N+1)-th working day after today.

    A deadline is due soon from today up to the N-th working day after it, and on the rest
    days that follow that day (they come before the next working day).
    """
    return calendar.add_working_days(today, due_soon_working_days() + 1)[0]


def is_due_soon(due: date, today: date, until: date | None = None) -> bool:
    """Not yet past and within the due-soon working days (pass `until` to ask many times)."""
    return today <= due < (until or due_soon_until(today))


def due_soon_q(today: date, prefix: str = "") -> Q:
    """Cases whose open acceptance or mediation deadline is due soon (not yet past)."""
    until = due_soon_until(today)
    return _pending_q(prefix, acceptance={"gte": today, "lt": until}, mediation={"gte": today, "lt": until})


def due_soon_or_overdue_q(today: date) -> Q:
    return overdue_q(today) | due_soon_q(today)

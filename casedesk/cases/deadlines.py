"""The statutory deadlines of a case, each with the statute it comes from (DOMAIN.md).

Periods are settings: several are marked [M] in DOMAIN.md and a union may follow local
rules. Calendar-day periods start the day after the event and, when the last day is a
rest day, end on the next working day (民事诉讼法 Art.85).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from . import calendar, clock, statutes
from . import limitation as limitation_rules
from .choices import FINISHED_STATES, Outcome, Status
from .pending import MEDIATION_PENDING, PERFORMANCE_PENDING, pending_q

STILL_EMPLOYED_NOTE = _("The worker is still employed: the limitation period does not run for wage arrears.")
TIME_BARRED_NOTE = _("The application came after the one-year limitation period had ended.")

ACCEPTANCE = "acceptance"
MEDIATION = "mediation"
CONFIRMATION_APPLICATION = "confirmation_application"
PERFORMANCE = "performance"
INSTALMENT = "instalment"
LIMITATION = "limitation"

# Performance is followed up until the case is archived: a case closed as settled still receives payments.
PERFORMANCE_FOLLOWED = (*PERFORMANCE_PENDING, Status.CLOSED)


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: date | None
    basis: str
    overdue: bool
    met: bool
    estimated: bool
    note: str = ""
    runs_from: date | None = None  # the limitation, once it runs anew after mediation (not in the API)
    ended: bool = False  # no longer applies, neither met nor missed (not in the API: neither met nor overdue)

    @property
    def in_working_days(self):
        """Whether the period counts working days (acceptance); the others count calendar days, and only
        their last day moves past a rest day (what an estimate, made without the year's holidays, missed)."""
        return self.kind == ACCEPTANCE

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


def acceptance_due(submitted_on: date) -> tuple[date, bool]:
    return calendar.add_working_days(submitted_on, settings.CASEDESK_ACCEPTANCE_WORKING_DAYS)


# The steps that set a case's mediation deadline (mediation_due).
REGISTERED, ACCEPTED, REOPENED = "create", "accept", "reopen"
# The events that set it once registered; the latest says where the date in force came from: a rule
# (acceptance, reopening, a holiday schedule: casedesk.cases.calendar_schedule) or both parties ("extend").
EXTENDED, MOVED = "extend", "deadline_moved"
MEDIATION_SETTERS = (ACCEPTED, REOPENED, EXTENDED, MOVED)


def set_by_rule(case) -> bool:
    """Whether `case`'s mediation deadline in force is still the rule's to set, so that a new holiday
    schedule or a corrected court referral may move it: mediation runs, and the latest date set is not
    one both parties agreed on (an extension)."""
    if case.status not in MEDIATION_PENDING or case.mediation_due is None:
        return False
    latest = case.events.filter(action__in=MEDIATION_SETTERS).order_by("-seq").values_list("action", flat=True)
    return latest.first() != EXTENDED


def mediation_due(case, *, step: str, on: date) -> date | None:
    """The mediation deadline `case` gets at `step` (registered, accepted or reopened) taken on `on`.

    The one rule for union and court cases alike:
    - a court case keeps the court's period, counted from the day the union signed for the court's
      materials (CourtReferral.received_on), from registration on:
      accepting it changes nothing, and reopening it does not start a new one (the court set the
      period, and only both parties' consent extends it: "extend", capped for court cases);
    - a union case gets its period when it is accepted, and a fresh one when it is reopened
      (it is accepted again: the period runs from acceptance).
    """
    if case.is_court_case:
        referral = case.court_referral
        return court_mediation_due(referral.received_on, referral.mediation_days)
    if step == REGISTERED:
        return None
    return mediation_due_after_acceptance(on)


def mediation_due_after_acceptance(accepted_on: date) -> date:
    return _period_end(accepted_on, settings.CASEDESK_MEDIATION_DAYS)[0]


def court_mediation_due(received_on: date, days: int | None = None) -> date:
    """The court's period, counted from the day the union signed for the court's materials (Art.27)."""
    return _period_end(received_on, settings.CASEDESK_COURT_MEDIATION_DAYS if days is None else days)[0]


def latest_extension_allowed(case) -> date | None:
    """The last day `case`'s mediation may be extended to: the period's own end (not an earlier
    extension's) and at most CASEDESK_COURT_EXTENSION_MAX_DAYS more for a court's case (the court's
    rule), CASEDESK_MAX_EXTENSION_DAYS more for the union's own mediation. None before the period runs."""
    if case.is_court_case:
        referral = case.court_referral
        original = court_mediation_due(referral.received_on, referral.mediation_days)
        return _period_end(original, settings.CASEDESK_COURT_EXTENSION_MAX_DAYS)[0]
    started = mediation_started_on(case)
    if started is None:
        return None
    return _period_end(mediation_due_after_acceptance(started), settings.CASEDESK_MAX_EXTENSION_DAYS)[0]


def extension_cap_passed(case, until: date) -> date | None:
    """`latest_extension_allowed(case)` when `until` goes past it, else None.

    A union case's cap is counted from its current period's start, which is never before its
    `accepted_on` (accepting and reopening write both, the same day): an `until` within that many days
    of `accepted_on` cannot pass it, and is answered without reading the events or the calendar."""
    if not case.is_court_case and case.accepted_on is not None:
        least_cap = case.accepted_on + timedelta(days=settings.CASEDESK_MEDIATION_DAYS + settings.CASEDESK_MAX_EXTENSION_DAYS)
        if until <= least_cap:
            return None
    cap = latest_extension_allowed(case)
    return cap if cap and until > cap else None


def mediation_started_on(case) -> date | None:
    """The day the union's current mediation period started: its latest acceptance or reopening."""
    last = case.events.filter(action__in=(ACCEPTED, REOPENED)).order_by("-seq").values_list("at", flat=True).first()
    return timezone.localdate(last) if last else case.accepted_on


def is_long_extension(case, until: date) -> bool:
    """An extension adding more days than the statutory period itself (the union's 15): asked twice."""
    current = case.mediation_due
    return current is not None and (until - current).days > settings.CASEDESK_MEDIATION_DAYS


def confirmation_due(agreement_signed_on: date) -> date:
    return _confirmation_due(agreement_signed_on)[0]


def _confirmation_due(signed_on: date) -> tuple[date, bool]:
    # The agreement takes effect when signed and sealed (劳动争议调解仲裁法 Art.14).
    return _period_end(signed_on, settings.CASEDESK_CONFIRMATION_DAYS)


def limitation(case, reader=None) -> Deadline:
    """The one-year limitation (casedesk.cases.limitation); `overdue` says the application itself came
    after it. Once mediation has ended, `due` is the last day of the period that runs anew and
    `runs_from` the day it started again."""
    found = limitation_rules.of(case, reader)
    basis = _limitation_basis(found)
    if found.still_employed:
        return Deadline(LIMITATION, None, basis, False, False, False, STILL_EMPLOYED_NOTE)
    notes = []
    if found.time_barred:
        notes.append(TIME_BARRED_NOTE)
    elif found.pending:
        notes.append(_note(INTERRUPTED_NOTE, applied=found.applied_on))
    else:
        notes.append(_note(RUNS_ANEW_NOTE, ended=found.ended_on, until=found.renewed_last_day))
    if found.suspended_days:
        notes.append(_note(SUSPENDED_NOTE, days=found.suspended_days))
    if found.renewed_suspended_days:
        notes.append(_note(RENEWED_SUSPENDED_NOTE, days=found.renewed_suspended_days))
    due = found.renewed_last_day if found.ended_on else found.last_day
    note = _notes_lazy(notes)
    return Deadline(LIMITATION, due, basis, found.time_barred, not found.time_barred, found.estimated, note,
                    runs_from=found.ended_on)


INTERRUPTED_NOTE = _(
    "Interrupted by the application to the union on %(applied)s: once mediation ends, the worker has one year "
    "again to apply for arbitration."
)
RUNS_ANEW_NOTE = _(
    "Mediation ended on %(ended)s and the limitation runs anew: the worker may apply for arbitration from "
    "%(ended)s until %(until)s."
)
SUSPENDED_NOTE = _("Suspended for %(days)d days before the application (recorded on the case), which the period adds.")
RENEWED_SUSPENDED_NOTE = _("Suspended for %(days)d days after mediation ended, which the new period adds.")


def _note_text(message, values):
    return str(message) % {k: formats.date_format(v) if isinstance(v, date) else v for k, v in values.items()}


def _notes_text(notes):
    return " ".join(str(n) for n in notes)


# Made once: lazy() builds a class on each call.
_note_lazy = lazy(_note_text, str)
_notes_lazy = lazy(_notes_text, str)


def _note(message, **values):
    """The message with its values, dates in the reader's language ("2026年11月2日"), when it is shown."""
    return _note_lazy(message, values)


def _limitation_basis(found):
    first = statutes.WAGE_LIMITATION if found.wage_arrears else statutes.LIMITATION
    parts = [statutes.stated(first)]
    if not found.still_employed:
        parts += [
            statutes.stated(statutes.INTERRUPTION), statutes.stated(statutes.INTERRUPTION_RUNS_ANEW),
            statutes.stated(statutes.LAST_DAY_A_HOLIDAY), statutes.stated(statutes.LAST_DAY_A_HOLIDAY_PROCEDURE),
        ]
    if found.suspended_days or found.renewed_suspended_days:
        parts.append(statutes.stated(statutes.SUSPENSION))
    return statutes.basis(*parts)


def case_deadlines(case, today: date | None = None) -> list[Deadline]:
    """The deadlines that apply to the case now; reads its `agreements` and their `instalments`
    (prefetch them for lists)
    and, for the limitation, its events (one query)."""
    today = today or clock.today()
    reader = calendar.Reader()
    submitted_on = timezone.localdate(case.submitted_at)
    items = [_acceptance(case, submitted_on, reader, today)]
    if case.mediation_due:
        items.append(_mediation(case, reader, today))
    agreement = _latest_agreement(case)
    if agreement:
        items += [_confirmation(case, agreement, reader, today), *_instalments(case, agreement, today),
                  _performance(case, agreement, today)]
    items.append(limitation(case, reader))
    return items


def _acceptance(case, submitted_on, reader, today):
    met = case.status != Status.SUBMITTED
    estimated = reader.estimated(submitted_on, case.acceptance_due)
    return Deadline(ACCEPTANCE, case.acceptance_due, _acceptance_basis(), not met and today > case.acceptance_due, met,
                    estimated)


def _acceptance_basis():
    return statutes.stated(statutes.ACCEPTANCE, days=settings.CASEDESK_ACCEPTANCE_WORKING_DAYS)


def pending_deadline(case):
    """(kind, due, basis) of the one deadline a case in a list waits on (the deadline page, home's list):
    acceptance while submitted, mediation while being mediated, else the first unpaid instalment. Reads
    nothing but the case (and its `court_referral`: select it for lists)."""
    if case.status == Status.SUBMITTED:
        return ACCEPTANCE, case.acceptance_due, _acceptance_basis()
    if case.status in MEDIATION_PENDING:
        return MEDIATION, case.mediation_due, _mediation_basis(case)
    return INSTALMENT, case.unpaid_due, PERFORMANCE_BASIS


def _mediation(case, reader, today):
    due = case.mediation_due
    met = case.status not in MEDIATION_PENDING
    return Deadline(MEDIATION, due, _mediation_basis(case), not met and today > due, met, not reader.covers(due.year))


def _mediation_basis(case):
    if case.is_court_case:
        referral = case.court_referral
        return court_mediation_basis(referral.mediation_days, referral.received_on)
    return statutes.basis(
        statutes.stated(statutes.MEDIATION_PERIOD, days=settings.CASEDESK_MEDIATION_DAYS),
        statutes.stated(statutes.ARBITRATION_AFTER_FIFTEEN_DAYS),
    )


COURT_PERIOD_NOTE = _(
    "the court allows %(days)d days for this case, counted from %(received)s, the day the union signed for the "
    "court's materials; both parties may agree to extend it by at most %(extension)d days (local practice); a "
    "reopened case keeps the court's period"
)


def _court_period_note(days, received_on):
    return str(COURT_PERIOD_NOTE) % {"days": days, "received": formats.date_format(received_on),
                                     "extension": settings.CASEDESK_COURT_EXTENSION_MAX_DAYS}


_court_period_note_lazy = lazy(_court_period_note, str)


def court_mediation_basis(days, received_on):
    """The court's period: what the court's own rules say, and what this case's court allows from when."""
    note = _court_period_note_lazy(days, received_on)
    return statutes.basis(
        statutes.stated(statutes.COURT_MEDIATION_PERIOD), note, statutes.stated(statutes.COURT_REFERRAL)
    )


def _confirmation(case, agreement, reader, today):
    due, estimated = reader.roll_forward(agreement.signed_on + timedelta(days=settings.CASEDESK_CONFIRMATION_DAYS))
    met = agreement.confirmation_applied_on is not None
    overdue = not met and case.status == Status.AGREED and today > due
    basis = statutes.basis(
        statutes.stated(statutes.CONFIRMATION, days=settings.CASEDESK_CONFIRMATION_DAYS),
        statutes.stated(statutes.CONFIRMATION_PROCEDURE),
    )
    # Closed without an application: the parties did not seek it, as the timeline says ("close" ends it).
    ended = not met and case.status in FINISHED_STATES
    return Deadline(CONFIRMATION_APPLICATION, due, basis, overdue, met, estimated, ended=ended)


def _performance(case, agreement, today):
    """The agreement performed by its performance date: met once paid in full (the payments recorded,
    casedesk.cases.performance), overdue while it is followed up past that date and not paid (until its
    non-performance is recorded)."""
    due = agreement.performance_due
    met = performance_followed(case) and case.unpaid_due is None
    overdue = payments_awaited(case) and not met and today > due
    return Deadline(PERFORMANCE, due, PERFORMANCE_BASIS, overdue, met, False)


def _instalments(case, agreement, today):
    """Each instalment of an agreement that has several: met once paid, overdue when missed."""
    instalments = sorted(agreement.instalments.all(), key=lambda i: (i.due_on, i.pk))
    if len(instalments) < 2:
        return []
    items = []
    for instalment in instalments:
        met = performance_followed(case) and (case.unpaid_due is None or instalment.due_on < case.unpaid_due)
        overdue = payments_awaited(case) and is_missed(instalment.due_on, fully_paid=met, today=today)
        items.append(Deadline(INSTALMENT, instalment.due_on, PERFORMANCE_BASIS, overdue, met, False))
    return items


def performance_followed(case):
    """Whether payments are followed up on the case: agreed, under confirmation, or closed as settled."""
    return case.status in PERFORMANCE_PENDING or (case.status == Status.CLOSED and case.outcome == Outcome.SETTLED)


def payments_awaited(case):
    """Followed up and its non-performance not recorded: a missed instalment is a deadline."""
    return performance_followed(case) and case.non_performance_on is None


def grace_over(case, today: date) -> bool:
    """A missed instalment past the grace period (CASEDESK_PERFORMANCE_GRACE_DAYS): non-performance may be recorded."""
    return (payments_awaited(case) and case.unpaid_due is not None
            and today > case.unpaid_due + timedelta(days=settings.CASEDESK_PERFORMANCE_GRACE_DAYS))


def is_missed(due: date, *, fully_paid: bool, today: date) -> bool:
    """THE rule of a missed instalment (or agreement paid at once): past its due date and not fully paid."""
    return not fully_paid and today > due


PERFORMANCE_BASIS = statutes.basis(statutes.stated(statutes.NOT_PERFORMED), statutes.stated(statutes.PAYMENT_ORDER))


def _latest_agreement(case):
    agreements = list(case.agreements.all())
    return max(agreements, key=lambda a: (a.created_at, a.pk)) if agreements else None


def overdue_q(today: date, prefix: str = "") -> Q:
    """THE definition of overdue: cases past their acceptance or mediation deadline, or with an instalment
    of their agreement missed (is_missed), from stored fields (as case_deadlines). `prefix` reaches the case through a relation ("mediated_cases__")."""
    return pending_q(prefix, acceptance={"lt": today}, mediation={"lt": today})


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
    """Cases whose open acceptance, mediation or payment deadline is due soon (not yet past)."""
    until = due_soon_until(today)
    return pending_q(prefix, acceptance={"gte": today, "lt": until}, mediation={"gte": today, "lt": until})


def due_soon_or_overdue_q(today: date) -> Q:
    return overdue_q(today) | due_soon_q(today)

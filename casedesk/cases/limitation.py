"""The one-year limitation for arbitration (劳动争议调解仲裁法 Art.27), at every edge.

- It runs one year from the day the worker knew or should have known of the infringement (for
  wage arrears: from the end of the employment; not at all while it lasts), to the corresponding
  day, or the month's last day when there is none (民法典 Art.202).
- A last day on a rest day moves to the next working day (民法典 Art.203, 民事诉讼法 Art.85).
- Suspension (中止, Art.27 para 3): a reason that kept the worker from applying, recorded by a
  mediator with its dates, stops the clock while it lasted: the period ends that many days later.
  It counts only while the period was running (not while an application interrupted it).
- Interruption (中断, Art.27 para 2): the application to the union interrupts a period still
  running; once mediation ends (failure, the court's refusal, withdrawal, or the union's decision
  not to accept) the period runs anew, one year from that day (民法典 Art.195). A reopened case
  is interrupted again until it ends again.

Everything is read from the case row and its audit events (one query): the steps that end
mediation, reopen it, or record a suspension.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from . import calendar
from .choices import Category
from .models import CaseEvent

# The steps after which mediation has ended and the limitation runs anew.
ENDING = ("reject", "record_failure", "court_reject", "withdraw")
SUSPENDED = "limitation_suspended"
READ = (*ENDING, "reopen", SUSPENDED)


@dataclass(frozen=True)
class Suspension:
    starts_on: datetime.date
    ends_on: datetime.date  # the last day the reason lasted

    @property
    def days(self):
        return (self.ends_on - self.starts_on).days + 1


@dataclass(frozen=True)
class Limitation:
    wage_arrears: bool
    still_employed: bool
    starts_on: datetime.date | None  # the day the period counts from (not counted itself)
    last_day: datetime.date | None  # the period as the application found it
    applied_on: datetime.date
    time_barred: bool
    ended_on: datetime.date | None  # mediation ended: the period runs anew from this day
    renewed_last_day: datetime.date | None
    estimated: bool
    suspended_days: int = 0  # before the application: the first period ran this much longer
    renewed_suspended_days: int = 0  # after mediation ended: the new period runs this much longer

    @property
    def interrupted(self):
        return not self.still_employed and not self.time_barred

    @property
    def pending(self):
        """Interrupted by the application, and mediation has not ended (yet)."""
        return self.interrupted and self.ended_on is None

    @property
    def may_apply_until(self):
        """The last day the worker may still apply for arbitration, once mediation has ended."""
        return self.renewed_last_day if self.interrupted else None


def one_year_after(day: datetime.date) -> datetime.date:
    # 民法典 Art.202: with no corresponding day (29 February), the period ends on the month's last day.
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def on_the_agreement(case, reader=None):
    """(counts from, last day, estimated) of the worker's year to apply for arbitration on an agreement the
    employer did not perform (Art.15 with Art.27): it counts from the due date of the first instalment
    missed, the day the worker knew the right was infringed; None while nothing is missed."""
    if case.unpaid_due is None:
        return None
    last_day, estimated = (reader or calendar.Reader()).roll_forward(one_year_after(case.unpaid_due))
    return case.unpaid_due, last_day, estimated


def facts(case):
    """(the day mediation last ended, or None while it is pending, [Suspension]) from the case's events."""
    ended_on, suspensions = None, []
    rows = CaseEvent.objects.filter(case_id=case.pk, action__in=READ).order_by("seq").values_list("action", "at", "data")
    for action, at, data in rows:
        if action in ENDING:
            ended_on = timezone.localdate(at)
        elif action == "reopen":
            ended_on = None
        else:
            suspensions.append(Suspension(
                datetime.date.fromisoformat(data["starts_on"]), datetime.date.fromisoformat(data["ends_on"])))
    return ended_on, suspensions


def _run(start, suspensions, reader):
    """The last day of one year from `start`, longer by the suspensions that began while it ran."""
    last, suspended = one_year_after(start), 0
    for suspension in sorted(suspensions, key=lambda s: s.starts_on):
        if start < suspension.starts_on <= last:
            last += datetime.timedelta(days=suspension.days)
            suspended += suspension.days
    rolled, estimated = reader.roll_forward(last)
    return rolled, estimated, suspended


def of(case, reader=None, known=None) -> Limitation:
    """The limitation of `case` as it stands; `known` = facts(case) when the caller has them."""
    from .calendar import Reader

    reader = reader or Reader()
    applied_on = timezone.localdate(case.submitted_at)
    wage = case.category == Category.WAGE_ARREARS
    if wage and case.employment_ended_on is None:
        return Limitation(True, True, None, None, applied_on, False, None, None, False)
    start = case.employment_ended_on if wage else case.dispute_started_on
    ended_on, suspensions = known if known is not None else facts(case)
    before = [s for s in suspensions if s.starts_on <= applied_on]
    last_day, estimated, suspended = _run(start, before, reader)
    barred = applied_on > last_day
    renewed, more = None, 0
    if ended_on and not barred:
        after = [s for s in suspensions if s.starts_on > ended_on]
        renewed, renewed_estimated, more = _run(ended_on, after, reader)
        estimated = estimated or renewed_estimated
    return Limitation(wage, False, start, last_day, applied_on, barred, ended_on if not barred else None,
                      renewed, estimated, suspended, more)


def running_on(case, day: datetime.date, known=None) -> bool:
    """Whether the limitation was running on `day`: before the application, or after mediation ended."""
    current = of(case, known=known)
    if current.still_employed or current.starts_on is None or day <= current.starts_on:
        return False
    if day <= current.applied_on:
        return True
    return current.ended_on is not None and day > current.ended_on

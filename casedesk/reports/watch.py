"""Overdue and at-risk work: cases past their acceptance or mediation deadline or with an instalment
of their agreement missed, or due soon, by mediator. Both rules are casedesk.cases.deadlines' (overdue_q, due_soon_q), so this list agrees
with GET /api/cases/?overdue=true and with the desk's deadline page.
"""

from dataclasses import dataclass
from datetime import date

from casedesk.cases import access, calendar, clock, deadlines, selectors
from casedesk.cases.labels import DEADLINES as DEADLINE_LABELS
from casedesk.cases.models import Case
from casedesk.cases.pending import pending_due


@dataclass
class DueWork:
    case: object
    kind: str
    due: date
    basis: str
    overdue: bool
    working_days: int  # late by (overdue) or left (at risk)

    @property
    def label(self):
        return DEADLINE_LABELS[self.kind]


def due_cases(user=None, today=None):
    """The cases with an overdue or at-risk deadline that `user` may see (all cases if None), with
    `overdue`, soonest deadline first (casedesk.cases.pending)."""
    today = today or clock.today()
    return _due(access.visible_cases(user) if user is not None else Case.objects.all(), today).order_by("due", "id")


def _due(cases, today):
    return selectors.with_overdue(cases.filter(deadlines.due_soon_or_overdue_q(today)), today).annotate(due=pending_due())


# What the deadline page shows of each case besides the case row.
SHOWN = ("mediator", "respondent", "court_referral")


def due_work(user=None, today=None, limit=None):
    """Every overdue or at-risk deadline of the cases `user` may see (all cases if None), soonest first;
    the first `limit` only if given. A constant number of queries however many cases: the deadline
    and its basis come from the case row (deadlines.pending_deadline), the working days from one
    calendar read (calendar.WorkingDays)."""
    today = today or clock.today()
    if user is not None and limit is not None:  # a branch of what the user sees at a time (first_rows)
        cases = selectors.first_rows(user, limit, ("due", "id"),
                                     prepare=lambda cases: _due(cases, today).select_related(*SHOWN))
    else:
        cases = due_cases(user, today).select_related(*SHOWN)[:limit]
    counter = calendar.WorkingDays()
    work = []
    for case in cases:
        kind, due, basis = deadlines.pending_deadline(case)
        days = counter.between(due, today) if case.overdue else counter.between(today, due)
        work.append(DueWork(case, kind, due, str(basis), case.overdue, days))
    return work


def bounded_counts(user, cap, today=None):
    """(overdue, at risk) among due_cases, each counted up to `cap` + 1 (more than `cap` says "cap+")."""
    cases = due_cases(user, today).order_by()
    return (cases.filter(overdue=True)[:cap + 1].count(), cases.filter(overdue=False)[:cap + 1].count())


def by_mediator(work):
    """[(mediator or None, [DueWork])], unassigned work last."""
    groups = {}
    for item in work:
        groups.setdefault(item.case.mediator, []).append(item)
    named = sorted((m for m in groups if m is not None), key=lambda m: (m.get_full_name() or m.username, m.pk))
    return [(m, groups[m]) for m in named] + ([(None, groups[None])] if None in groups else [])

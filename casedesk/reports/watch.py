"""Overdue and at-risk work: cases past their acceptance or mediation deadline or with an instalment
of their agreement missed, or due soon, by mediator. Both rules are casedesk.cases.deadlines' (overdue_q, due_soon_q), so this list agrees
with GET /api/cases/?overdue=true and with the desk's deadline page.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from casedesk.cases import access, calendar, clock, deadlines, selectors
from casedesk.cases.choices import Status
from casedesk.cases.deadlines import ACCEPTANCE, INSTALMENT, MEDIATION, MEDIATION_PENDING
from casedesk.cases.labels import DEADLINES as DEADLINE_LABELS
from casedesk.cases.models import Agreement, Case


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


def due_work(user=None, today=None):
    """Every overdue or at-risk deadline of the cases `user` may see (all cases if None)."""
    today = today or clock.today()
    cases = access.visible_cases(user) if user is not None else Case.objects.all()
    cases = (
        selectors.with_overdue(cases.filter(deadlines.due_soon_or_overdue_q(today)), today)
        .select_related("mediator", "respondent", "court_referral")
        .prefetch_related(Prefetch("agreements", queryset=Agreement.objects.prefetch_related("instalments")))
        .order_by("mediator_id", "id")
    )
    work = []
    for case in cases:
        if case.status == Status.SUBMITTED:
            kind, due = ACCEPTANCE, case.acceptance_due
        elif case.status in MEDIATION_PENDING:
            kind, due = MEDIATION, case.mediation_due
        else:  # performance followed up: the agreement's first instalment not fully paid
            kind, due = INSTALMENT, case.unpaid_due
        kinds = (kind, deadlines.PERFORMANCE) if kind == INSTALMENT else (kind,)
        basis = next((str(d.basis) for d in deadlines.case_deadlines(case, today) if d.kind in kinds), "")
        if case.overdue:
            days = calendar.working_days_between(due, today)
        else:
            days = calendar.working_days_between(today, due)
        work.append(DueWork(case, kind, due, basis, case.overdue, days))
    return sorted(work, key=lambda w: (w.due, w.case.pk))


def by_mediator(work):
    """[(mediator or None, [DueWork])], unassigned work last."""
    groups = {}
    for item in work:
        groups.setdefault(item.case.mediator, []).append(item)
    named = sorted((m for m in groups if m is not None), key=lambda m: (m.get_full_name() or m.username, m.pk))
    return [(m, groups[m]) for m in named] + ([(None, groups[None])] if None in groups else [])

"""Overdue and at-risk work: cases past, or within 2 working days of, their acceptance or
mediation deadline, by mediator. "Overdue" is exactly casedesk.cases.deadlines.overdue_q,
so this list agrees with GET /api/cases/?overdue=true.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, Q

from casedesk.cases import access, calendar, clock, deadlines, selectors
from casedesk.cases.choices import Status
from casedesk.cases.deadlines import ACCEPTANCE, MEDIATION, MEDIATION_PENDING
from casedesk.cases.labels import DEADLINES as DEADLINE_LABELS
from casedesk.cases.models import Agreement, Case


def at_risk_working_days():
    return getattr(settings, "CASEDESK_AT_RISK_WORKING_DAYS", 2)


def at_risk_q(today: date) -> Q:
    """Deadlines from today up to the 2nd working day after it (rest days before the 3rd included)."""
    beyond, _estimated = calendar.add_working_days(today, at_risk_working_days() + 1)
    return Q(status=Status.SUBMITTED, acceptance_due__gte=today, acceptance_due__lt=beyond) | Q(
        status__in=MEDIATION_PENDING, mediation_due__gte=today, mediation_due__lt=beyond
    )


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
        selectors.with_overdue(cases.filter(deadlines.overdue_q(today) | at_risk_q(today)), today)
        .select_related("mediator", "respondent", "court_referral")
        .prefetch_related(Prefetch("agreements", queryset=Agreement.objects.all()))
        .order_by("mediator_id", "id")
    )
    work = []
    for case in cases:
        if case.status == Status.SUBMITTED:
            kind, due = ACCEPTANCE, case.acceptance_due
        else:
            kind, due = MEDIATION, case.mediation_due
        basis = next((str(d.basis) for d in deadlines.case_deadlines(case, today) if d.kind == kind), "")
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

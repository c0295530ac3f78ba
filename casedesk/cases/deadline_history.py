"""The deadlines a case had over time, rebuilt from its audit events: which deadline was in force
when each step was taken, and whether the step met it (in days and in working days).

Registration sets the acceptance deadline (and a court case's mediation deadline), acceptance
sets the mediation deadline, an extension moves it, reopening starts it again, an agreement
starts the confirmation and performance periods; withdrawing and closing end what is left.
A deadline moved by a new holiday schedule is the deadline in force from that step on.
The rules themselves are casedesk.cases.deadlines'; the timeline page and its exports
(casedesk.reports.timeline) present what this module finds.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from . import calendar, deadlines
from .deadlines import ACCEPTANCE, CONFIRMATION_APPLICATION, INSTALMENT, MEDIATION, PERFORMANCE
from .labels import DEADLINES as DEADLINE_LABELS

# action → (the deadline the step is measured against, the data field holding its legal date)
RATED = {
    "accept": (ACCEPTANCE, None),
    "reject": (ACCEPTANCE, None),
    "extend": (MEDIATION, None),
    "reach_agreement": (MEDIATION, "signed_on"),
    "record_failure": (MEDIATION, None),
    "apply_confirmation": (CONFIRMATION_APPLICATION, "applied_on"),
}
# action → the deadlines that stop applying after it
ENDS = {
    "withdraw": (ACCEPTANCE, MEDIATION),
    "court_reject": (PERFORMANCE,),
    "close": (ACCEPTANCE, MEDIATION, CONFIRMATION_APPLICATION, PERFORMANCE),
}


@dataclass
class Span:
    """One deadline as it stood: from the event that set it to the step that met it (or not yet)."""

    kind: str
    due: datetime.date
    basis: str
    set_by: int
    state: str = "open"  # open, met, late, extended, moved (by a holiday schedule), ended, overdue, due_soon
    closed_by: int | None = None
    late_working_days: int = 0
    late_days: int = 0

    @property
    def label(self):
        return DEADLINE_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Rating:
    """How a step stood against the deadline it was measured by."""

    span: Span
    on_date: datetime.date
    late_days: int
    late_working_days: int


@dataclass
class History:
    spans: list = field(default_factory=list)
    ratings: dict = field(default_factory=dict)  # event seq → Rating


def history(case, events, today) -> History:
    """The deadlines of `case` over its `events` (in seq order), each assessed as of `today`."""
    current = deadlines.case_deadlines(case, today)
    basis = {d.kind: str(d.basis) for d in current}
    found, open_spans, agreed_at = History(), {}, None
    working_days = calendar.WorkingDays()

    def open_span(kind, due, seq):
        if due:
            span = Span(kind, _as_date(due), basis.get(kind, ""), seq)
            found.spans.append(span)
            open_spans[kind] = span

    for event in events:
        data = event.data or {}
        rated = RATED.get(event.action)
        if rated and rated[0] in open_spans:
            legal_date = data.get(rated[1]) if rated[1] else None
            found.ratings[event.seq] = _rate(event, open_spans.pop(rated[0]), legal_date, working_days)
        for kind in ENDS.get(event.action, ()):
            span = open_spans.pop(kind, None)
            if span:
                span.state = "met" if (kind == PERFORMANCE and case_settled(event)) else "ended"
                span.closed_by = event.seq
        _open_new(case, event, data, open_spans, open_span)
        if event.action == "reach_agreement":
            agreed_at = event.seq
    until = deadlines.due_soon_until(today)
    for span in open_spans.values():
        _assess_open(span, today, until, working_days)
    found.spans += _instalments(case, current, agreed_at, today, until, working_days)
    return found


def _instalments(case, current, agreed_at, today, until, working_days):
    """Each instalment of the agreement as the deadline rule has it today (deadlines.case_deadlines,
    which the deadline page and the overdue list read): met once paid, overdue when missed while
    payments are awaited, no longer applying once they are not. The events say when an instalment was
    set (the agreement); whether it was paid is the payments' sum, not a step of its own."""
    spans = []
    for deadline in current:
        if deadline.kind != INSTALMENT:
            continue
        span = Span(INSTALMENT, deadline.due, str(deadline.basis), agreed_at)
        if deadline.met:
            span.state = "met"
        elif deadlines.payments_awaited(case):
            _assess_open(span, today, until, working_days)
        else:
            span.state = "ended"
        spans.append(span)
    return spans


def case_settled(event):
    return event.action == "close" and (event.data or {}).get("outcome") == "settled"


def _open_new(case, event, data, open_spans, open_span):
    action = event.action
    if action == "create":
        open_span(ACCEPTANCE, case.acceptance_due, event.seq)
        if case.is_court_case:
            on = timezone.localdate(event.at)
            open_span(MEDIATION, deadlines.mediation_due(case, step=deadlines.REGISTERED, on=on), event.seq)
    elif action in ("accept", "reopen") and MEDIATION not in open_spans:
        open_span(MEDIATION, data.get("mediation_due"), event.seq)
    elif action == "extend":
        open_span(MEDIATION, data.get("until"), event.seq)
    elif action == "deadline_moved":
        moved = open_spans.pop(data.get("deadline"), None)
        if moved:
            moved.state, moved.closed_by = "moved", event.seq
        open_span(data.get("deadline"), data.get("due"), event.seq)
    elif action == "reach_agreement":
        open_span(CONFIRMATION_APPLICATION, data.get("confirmation_due"), event.seq)
        open_span(PERFORMANCE, data.get("performance_due"), event.seq)


def _rate(event, span, legal_date, working_days):
    on_date = _as_date(legal_date) if legal_date else timezone.localdate(event.at)
    late_days = max((on_date - span.due).days, 0)
    late_working_days = max(working_days.between(span.due, on_date), 0)
    span.closed_by = event.seq
    span.late_days, span.late_working_days = late_days, late_working_days
    if event.action == "extend":
        span.state = "late" if late_days else "extended"
    else:
        span.state = "late" if late_days else "met"
    return Rating(span, on_date, late_days, late_working_days)


def _assess_open(span, today, due_soon_until, working_days):
    if today > span.due:
        span.state = "overdue"
        span.late_days = (today - span.due).days
        span.late_working_days = working_days.between(span.due, today)
    elif deadlines.is_due_soon(span.due, today, due_soon_until):
        span.state = "due_soon"


def _as_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))

"""A case's audit timeline: its events in order, the statutory deadlines on the same axis,
each step that a deadline governs marked on time or late (in working days), and the state of
the case's hash chain.

The deadlines are rebuilt from the events themselves (accept sets the mediation deadline,
extend moves it, reopen starts a new one, an agreement starts the confirmation and
performance periods), so the timeline shows what was in force when each step was taken.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casedesk.cases import audit, calendar, clock, deadlines
from casedesk.cases.deadlines import ACCEPTANCE, CONFIRMATION_APPLICATION, MEDIATION, PERFORMANCE
from casedesk.cases.labels import DEADLINES as DEADLINE_LABELS
from casedesk.cases.labels import event_label, state_label
from casedesk.cases.models import CaseEvent
from casedesk.web.event_details import describe

AT_RISK_WORKING_DAYS = 2

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
    state: str = "open"  # open, met, late, extended, ended, overdue, due_soon
    closed_by: int | None = None
    late_working_days: int = 0
    late_days: int = 0

    @property
    def label(self):
        return DEADLINE_LABELS.get(self.kind, self.kind)


@dataclass
class Step:
    event: CaseEvent
    at: datetime.datetime
    span: Span | None = None
    on_date: datetime.date | None = None
    late_working_days: int = 0
    late_days: int = 0
    text: object = None  # casedesk.web.event_details.EventText: the event in words

    @property
    def rated(self):
        return self.span is not None

    @property
    def late(self):
        return self.rated and self.late_days > 0

    @property
    def label(self):
        return event_label(self.event.action)

    @property
    def from_label(self):
        return state_label(self.event.from_state)

    @property
    def to_label(self):
        return state_label(self.event.to_state)

    @property
    def moved(self):
        return self.event.from_state != self.event.to_state


@dataclass
class Timeline:
    case: object
    steps: list
    spans: list
    chain: audit.BrokenChain | None
    today: datetime.date
    axis: list = field(default_factory=list)

    @property
    def late_steps(self):
        return [s for s in self.steps if s.late]


def build(case, today=None):
    today = today or clock.today()
    events = list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("seq"))
    basis = {d.kind: str(d.basis) for d in deadlines.case_deadlines(case, today)}
    spans, open_spans, steps = [], {}, []
    working_days = calendar.WorkingDays()

    def open_span(kind, due, seq):
        if due:
            span = Span(kind, _as_date(due), basis.get(kind, ""), seq)
            spans.append(span)
            open_spans[kind] = span

    for event in events:
        step = Step(event, timezone.localtime(event.at))
        data = event.data or {}
        rated = RATED.get(event.action)
        if rated and rated[0] in open_spans:
            _rate(step, open_spans.pop(rated[0]), data.get(rated[1]) if rated[1] else None, working_days)
        for kind in ENDS.get(event.action, ()):
            span = open_spans.pop(kind, None)
            if span:
                span.state = "met" if (kind == PERFORMANCE and case_settled(event)) else "ended"
                span.closed_by = event.seq
        _open_new(case, event, data, open_spans, open_span)
        steps.append(step)
    for step, text in zip(steps, describe(events), strict=True):
        step.text = text
    for span in open_spans.values():
        _assess_open(span, today, working_days)
    timeline = Timeline(case, steps, spans, audit.verify_case(case, events), today)
    timeline.axis = _axis(timeline)
    return timeline


def case_settled(event):
    return event.action == "close" and (event.data or {}).get("outcome") == "settled"


def _open_new(case, event, data, open_spans, open_span):
    action = event.action
    if action == "create":
        open_span(ACCEPTANCE, case.acceptance_due, event.seq)
        if case.is_court_case:
            referral = case.court_referral
            due = deadlines.court_mediation_due(referral.referred_on, referral.mediation_days)
            open_span(MEDIATION, due, event.seq)
    elif action in ("accept", "reopen") and MEDIATION not in open_spans:
        open_span(MEDIATION, data.get("mediation_due"), event.seq)
    elif action == "extend":
        open_span(MEDIATION, data.get("until"), event.seq)
    elif action == "reach_agreement":
        open_span(CONFIRMATION_APPLICATION, data.get("confirmation_due"), event.seq)
        open_span(PERFORMANCE, data.get("performance_due"), event.seq)


def _rate(step, span, legal_date, working_days):
    step.span = span
    step.on_date = _as_date(legal_date) if legal_date else step.at.date()
    step.late_days = max((step.on_date - span.due).days, 0)
    step.late_working_days = max(working_days.between(span.due, step.on_date), 0)
    span.closed_by = step.event.seq
    span.late_days, span.late_working_days = step.late_days, step.late_working_days
    if step.event.action == "extend":
        span.state = "late" if step.late_days else "extended"
    else:
        span.state = "late" if step.late_days else "met"


def _assess_open(span, today, working_days):
    if today > span.due:
        span.state = "overdue"
        span.late_days = (today - span.due).days
        span.late_working_days = working_days.between(span.due, today)
    elif working_days.between(today, span.due) <= AT_RISK_WORKING_DAYS:
        span.state = "due_soon"


def _as_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _axis(timeline):
    """Marks for the time axis: (position in %, what, the step or span), events and deadlines alike.

    Marks that would sit on the same spot (a quarter of a per cent of the axis) with the same
    look are drawn once, so a case with thousands of events still draws a few hundred marks.
    """
    days = [s.at.date() for s in timeline.steps] + [s.due for s in timeline.spans]
    if not days:
        return []
    first, last = min(days), max(days + [min(timeline.today, max(days) + datetime.timedelta(days=30))])
    width = max((last - first).days, 1)

    def x(day):
        return round(100 * (day - first).days / width, 2)

    marks = {}
    for step in timeline.steps:
        at = x(step.at.date())
        marks.setdefault((round(at * 4), "step", step.late), (at, "step", step))
    for span in timeline.spans:
        at = x(span.due)
        marks.setdefault((round(at * 4), "deadline", span.state), (at, "deadline", span))
    return sorted(marks.values(), key=lambda m: (m[0], m[1] == "deadline"))


def merged(timeline):
    """Steps and deadlines in one list by time: each deadline after the steps of its last day."""
    items = [(s.at, 0, "step", s) for s in timeline.steps]
    end_of_day = datetime.time(23, 59, 59)
    for span in timeline.spans:
        items.append((timezone.make_aware(datetime.datetime.combine(span.due, end_of_day)), 1, "deadline", span))
    return [(kind, item) for _at, _order, kind, item in sorted(items, key=lambda i: (i[0], i[1]))]


def chain_status(timeline):
    broken = timeline.chain
    if broken is None:
        return {"intact": True, "broken_at": None, "reason": ""}
    return {"intact": False, "broken_at": broken.seq, "reason": broken.reason}


def as_json(timeline):
    def actor(user):
        return None if user is None else {"id": user.pk, "name": user.get_full_name() or user.username}

    return {
        "case": {"id": timeline.case.pk, "number": timeline.case.number, "status": timeline.case.status},
        "chain": chain_status(timeline),
        "events": [
            {
                "seq": s.event.seq, "action": s.event.action, "from_state": s.event.from_state,
                "to_state": s.event.to_state, "actor": actor(s.event.actor), "at": s.at.isoformat(),
                "data": s.event.data, "hash": s.event.hash,
                "deadline": None if not s.rated else {
                    "kind": s.span.kind, "due": s.span.due.isoformat(), "on": s.on_date.isoformat(),
                    "on_time": not s.late, "late_days": s.late_days, "late_working_days": s.late_working_days,
                },
            }
            for s in timeline.steps
        ],
        "deadlines": [
            {
                "kind": s.kind, "due": s.due.isoformat(), "basis": s.basis, "state": s.state, "set_by": s.set_by,
                "closed_by": s.closed_by, "late_days": s.late_days, "late_working_days": s.late_working_days,
            }
            for s in timeline.spans
        ],
    }


STATE_LABELS = {
    "open": _("Open"),
    "met": _("Met"),
    "late": _("Missed"),
    "extended": _("Extended in time"),
    "ended": _("No longer applies"),
    "overdue": _("Overdue"),
    "due_soon": _("Due within 2 working days"),
}

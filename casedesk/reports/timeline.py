"""A case's audit timeline as the timeline page and its exports show it: its events in order,
the statutory deadlines on the same axis, each step that a deadline governs marked on time or
late (in working days), and the state of the case's hash chain.

What deadline was in force when, and how each step stood against it, is worked out next to the
rules (casedesk.cases.deadline_history); this module lays it out.
"""

import contextlib
import datetime
import gc
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casedesk.cases import audit, clock, deadline_history
from casedesk.cases.deadline_history import Span
from casedesk.cases.labels import DUE_SOON, event_label, state_label
from casedesk.web.event_details import describe

__all__ = ["Span", "Step", "Timeline", "build", "collector_paused", "detail", "merged", "chain_status", "as_json",
           "STATE_LABELS"]


@dataclass(slots=True)
class EventRow:
    """A case event as the timeline reads it: the fields its hash covers (audit.FIELDS), read as plain
    values, and its actor once `detail` has read it. A case with thousands of events costs no model
    instance per event."""

    case_id: int
    seq: int
    action: str
    from_state: str
    to_state: str
    actor_id: int | None
    at: datetime.datetime
    data: dict
    prev_hash: str
    hash: str
    actor: object = None


@dataclass(slots=True)
class Step:
    event: EventRow
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

    @property
    def late_deadlines(self):
        """The deadlines the page marks late: met after their day, or past it and still open. The
        header counts these, so its number is the one the page shows."""
        return [s for s in self.spans if s.state in LATE_STATES]


def build(case, today=None, *, detailed=True):
    """The timeline of `case` as of `today`: every event rated against its deadline, the deadlines, the
    chain's state, the axis. With `detailed=False` the steps come without their actor and their words,
    which `detail(steps)` adds to the few a page shows: the rest of a long timeline costs only its row."""
    today = today or clock.today()
    rows, versions = audit.chain_rows(case)
    events = [EventRow(*row) for row in rows]
    found = deadline_history.history(case, events, today)
    steps, here = [], timezone.get_current_timezone()  # asked once, not once an event
    for event in events:
        step = Step(event, event.at.astimezone(here))
        rating = found.ratings.get(event.seq)
        if rating:
            step.span, step.on_date = rating.span, rating.on_date
            step.late_days, step.late_working_days = rating.late_days, rating.late_working_days
        steps.append(step)
    timeline = Timeline(case, steps, found.spans, audit.verify_case(case, rows, versions), today)
    timeline.axis = _axis(timeline)
    if detailed:
        detail(steps)
    return timeline


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector paused while a timeline is read and drawn (a view's decorator).

    Each event makes a few objects that live until the answer is made and hold no cycle; at 10,000
    events their number set off a pass over every object of the process at nearly every view, a
    quarter of the page's time. They are freed by their count of references when the view returns,
    before the collector runs again. Not for the PDF: laying out its pages makes cycles (each box
    and its parent), which the collector must be free to reclaim on a long timeline.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def detail(steps):
    """Give `steps` their actor and their words (casedesk.web.event_details), in two queries at most."""
    steps = [step for step in steps if step.text is None]
    actors = get_user_model().objects.in_bulk({step.event.actor_id for step in steps} - {None})
    for step, text in zip(steps, describe([step.event for step in steps]), strict=True):
        step.event.actor = actors.get(step.event.actor_id)
        step.text = text


class Mark(NamedTuple):
    """A mark on the time axis: where (per cent of its width, as text for the SVG), its CSS classes and
    its tooltip, drawn from text made here: a long timeline draws a few hundred of them."""

    x: str
    kind: str  # "step" or "deadline"
    css: str
    title: str


def _axis(timeline):
    """Marks for the time axis, events and deadlines alike, in the order drawn.

    Marks that would sit on the same spot (a quarter of a per cent of the axis) with the same
    look are drawn once, so a case with thousands of events still draws a few hundred marks.
    """
    step_days = [s.at.date() for s in timeline.steps]
    days = step_days + [s.due for s in timeline.spans]
    if not days:
        return []
    first, last = min(days), max(days + [min(timeline.today, max(days) + datetime.timedelta(days=30))])
    width = max((last - first).days, 1)

    def x(day):
        return round(100 * (day - first).days / width, 2)

    marks, previous = {}, None
    for step, day in zip(timeline.steps, step_days, strict=True):
        if (look := (day, step.late)) == previous:
            continue  # the same spot and look as the event before: most events of a long case
        previous, at = look, x(look[0])
        if (key := (round(at * 4), "step", step.late)) not in marks:
            marks[key] = (at, Mark(str(at), "step", "step late" if step.late else "step",
                                   f"{look[0].isoformat()} {step.label}"))
    for span in timeline.spans:
        at = x(span.due)
        if (key := (round(at * 4), "deadline", span.state)) not in marks:
            marks[key] = (at, Mark(str(at), "deadline", f"deadline {span.state}",
                                   f"{span.due.isoformat()} {span.label}"))
    return [mark for _at, mark in sorted(marks.values(), key=lambda m: (m[0], m[1].kind == "deadline"))]


def merged(timeline):
    """Steps and deadlines in one list by time: each deadline after the steps of its last day."""
    # Sorted by POSIX time, taken from the events' UTC times: comparing local times, or asking a local
    # time for its timestamp, asks the time zone's rules for every event.
    items = [(s.event.at.timestamp(), 0, "step", s) for s in timeline.steps]
    end_of_day = datetime.time(23, 59, 59)
    for span in timeline.spans:
        at = timezone.make_aware(datetime.datetime.combine(span.due, end_of_day))
        items.append((at.timestamp(), 1, "deadline", span))
    return [(kind, item) for _at, _order, kind, item in sorted(items, key=itemgetter(0, 1))]


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


LATE_STATES = ("late", "overdue")

STATE_LABELS = {
    "open": _("Open"),
    "met": _("Met"),
    "late": _("Missed"),
    "extended": _("Extended in time"),
    "moved": _("Moved by the published holiday schedule"),
    "ended": _("No longer applies"),
    "overdue": _("Overdue"),
    "due_soon": DUE_SOON,
}

"""The demo's dates follow the day it is loaded.

The demo cases (fixtures/demo_cases.py) are written as one county union's year up to their last
day, LAST_DAY (a Monday). Loaded on a later day, every date in them moves forward by whole weeks,
so that their last day is the most recent day of the same weekday: a Monday session stays on a
Monday, a case registered three days before LAST_DAY was registered about three days ago, and the
open cases are as early, due or late as the demo means them to be, whatever day `make run` runs.
Loaded on that weekday before the demo's last moment, it ends on the same weekday a week before.
"""

import contextlib
import datetime
import re

from django.utils import timezone

from casedesk.cases import clock

# "2026-03-17" or "2026-03-17 15:30" (the demo's two ways of writing a moment).
DATED = re.compile(r"(\d{4}-\d{2}-\d{2})((?: \d{2}:\d{2})?)")


def weeks_after(last_day, today):
    """The whole weeks from `last_day` to `today`, in days (0 when today is before the next same weekday)."""
    return datetime.timedelta(days=max(0, (today - last_day).days) // 7 * 7)


def shift(last_day, last_moment, now):
    """How far the demo moves: weeks_after(last_day, today), or a week less when the demo's last moment
    (`last_moment`, on `last_day`) would then come later than `now` (loaded early on the demo's weekday:
    nothing of the demo may lie in the future)."""
    delta = weeks_after(last_day, timezone.localdate(now))
    if last_moment + delta > now:
        delta -= datetime.timedelta(days=7)
    return delta


def shifted(value, delta):
    """`value` (the demo's nested dicts, lists and tuples) with every date string moved by `delta`."""
    if not delta:
        return value
    if isinstance(value, str):
        match = DATED.fullmatch(value)
        if match is None:
            return value
        day = datetime.date.fromisoformat(match[1]) + delta
        return f"{day.isoformat()}{match[2]}"
    if isinstance(value, dict):
        return {key: shifted(item, delta) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(shifted(item, delta) for item in value)
    return value


# What viewflow stamps with the wall clock: its processes and tasks made, taken or ended.
FLOW_MOMENTS = {"Task": ("created", "assigned", "started", "finished"), "Process": ("created", "finished")}


@contextlib.contextmanager
def at(moment):
    """The demo at `moment`: the desk's clock frozen there, and viewflow's rows stamped meanwhile with
    the wall clock put there too, so the demo's task list says how long each task has waited (it gave
    every task the moment the demo was loaded)."""
    from viewflow.workflow import models

    began = timezone.now()
    with clock.frozen(moment):
        stamped = clock.now()
        yield
    ended = timezone.now()  # stamped by this block: between the two (the demo's own moments lie outside)
    for model, fields in FLOW_MOMENTS.items():
        for name in fields:
            getattr(models, model).objects.filter(**{f"{name}__range": (began, ended)}).update(**{name: stamped})

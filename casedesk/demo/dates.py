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
# A day inside a text: 2026-03-17, 2026年3月17日, or 3月17日 in the year of the day written before it.
IN_TEXT = re.compile(r"(?<!\d)(?:(\d{4})-(\d{2})-(\d{2})(?!\d)|(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日)")


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
            return _shifted_text(value, delta)
        day = datetime.date.fromisoformat(match[1]) + delta
        return f"{day.isoformat()}{match[2]}"
    if isinstance(value, dict):
        return {key: shifted(item, delta) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(shifted(item, delta) for item in value)
    return value


def _shifted_text(text, delta):
    """The days written inside a text (an agreement's terms, an extension's reason) moved with the rest:
    the terms said 2026年10月30日前支付 beside a schedule moved to 11月27日. A month without its day
    (2025年8月至12月工资) stays: weeks do not move months."""
    year = None

    def moved(match):
        nonlocal year
        iso_year, iso_month, iso_day, cn_year, cn_month, cn_day = match.groups()
        if iso_year:
            written, parts = "iso", (iso_year, iso_month, iso_day)
        else:
            written, parts = ("full" if cn_year else "short"), (cn_year or year, cn_month, cn_day)
        if parts[0] is None:
            return match[0]  # a day with no year before it: which year is not known
        try:
            day = datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            return match[0]
        year = parts[0]
        day += delta
        if written == "iso":
            return day.isoformat()
        return f"{day.year}年{day.month}月{day.day}日" if written == "full" else f"{day.month}月{day.day}日"

    return IN_TEXT.sub(moved, text)


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

"""The desk's clock: the one place that reads the time, so tests and demo data can set it.

Two ways to set it: `frozen(moment)` for a block of code in this thread (a context variable),
and the setting CASEDESK_CLOCK (an ISO moment, from the environment) for the whole process,
its threads and the processes it starts: the test suite sets it so that a live server thread
and a `manage.py` subprocess see the same day as the test itself.
"""

import contextlib
import contextvars
import datetime
import functools

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

_frozen = contextvars.ContextVar("casedesk_frozen_now", default=None)


def now():
    return _frozen.get() or _fixed_moment(getattr(settings, "CASEDESK_CLOCK", "")) or timezone.now()


def today():
    """Today's date in the desk's time zone (Asia/Shanghai): legal dates are local dates."""
    return timezone.localdate(now())


def is_fixed():
    """True when CASEDESK_CLOCK holds the whole process at one moment (tests, a demo of a given day)."""
    return bool(getattr(settings, "CASEDESK_CLOCK", ""))


@functools.lru_cache(maxsize=8)
def _fixed_moment(value):
    if not value:
        return None
    try:
        parse = datetime.date.fromisoformat if len(value) == 10 else datetime.datetime.fromisoformat
        moment = parse(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"CASEDESK_CLOCK must be an ISO date or moment such as 2026-11-02T10:00+08:00, not {value!r}"
        ) from None
    return as_moment(moment)


def as_moment(moment):
    """An aware datetime; a date is taken at 10:00 local, a naive datetime as local time."""
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(10, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@contextlib.contextmanager
def frozen(moment):
    """Run the block as if it were `moment` (an aware datetime, or a date taken at 10:00 local)."""
    moment = as_moment(moment)
    token = _frozen.set(moment)
    try:
        yield moment
    finally:
        _frozen.reset(token)

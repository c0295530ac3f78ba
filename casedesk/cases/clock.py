"""The desk's clock: the one place that reads the time, so tests and demo data can set it."""

import contextlib
import contextvars
import datetime

from django.utils import timezone

_frozen = contextvars.ContextVar("casedesk_frozen_now", default=None)


def now():
    return _frozen.get() or timezone.now()


def today():
    """Today's date in the desk's time zone (Asia/Shanghai): legal dates are local dates."""
    return timezone.localdate(now())


@contextlib.contextmanager
def frozen(moment):
    """Run the block as if it were `moment` (an aware datetime, or a date taken at 10:00 local)."""
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = timezone.make_aware(datetime.datetime.combine(moment, datetime.time(10, 0)))
    token = _frozen.set(moment)
    try:
        yield moment
    finally:
        _frozen.reset(token)

"""A range of days from two query parameters, the one way the desk reads them: the figures
(from/to), the personal-data access log (from/to), the case list and its exports
(submitted_from/submitted_to).

Days are local (Asia/Shanghai) and both ends are included; an end left out is open. Each day
is written YYYY-MM-DD; InvalidData names every parameter that is wrong, in the same words
everywhere, and nothing is filtered.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import InvalidData

DAY_FORMAT = re.compile(r"\d{4}-\d{2}-\d{2}")
# The days a range may name: their first and last instants, in any time zone, stay inside what
# datetime holds (year 1 in Asia/Shanghai is before year 1 in UTC).
FIRST_DAY, LAST_DAY = datetime.date(1900, 1, 1), datetime.date(9998, 12, 31)

REQUIRED = _("This date is required (YYYY-MM-DD).")
NOT_A_DAY = _("Give a date as YYYY-MM-DD.")
END_BEFORE_START = _("The end date is before the start date.")


@dataclass(frozen=True)
class DateRange:
    first: datetime.date | None = None
    last: datetime.date | None = None

    def within(self, field):
        """A filter: the moment in `field` falls on a day of the range."""
        condition = Q()
        if self.first:
            condition &= Q(**{f"{field}__gte": start_of_day(self.first)})
        if self.last:
            condition &= Q(**{f"{field}__lt": start_of_day(self.last + datetime.timedelta(days=1))})
        return condition

    def holds(self, field):
        """A filter: the date in `field` (a DateField) is a day of the range."""
        condition = Q()
        if self.first:
            condition &= Q(**{f"{field}__gte": self.first})
        if self.last:
            condition &= Q(**{f"{field}__lte": self.last})
        return condition


def parse_into(params, first_name, last_name, errors):
    """parse() for a filter that gathers every parameter's error: the range, or an empty one
    with the messages added to `errors`."""
    try:
        return parse(params, first_name, last_name)
    except InvalidData as exc:
        errors.update(exc.fields)
        return DateRange()


def parse_day(raw):
    """A date written YYYY-MM-DD between 1900 and 9998, or None."""
    if not isinstance(raw, str) or not DAY_FORMAT.fullmatch(raw):
        return None
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def start_of_day(day):
    """The first instant of `day` in the desk's time zone (Asia/Shanghai), aware."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def parse(params, first_name="from", last_name="to", *, required=False):
    """The range in params[first_name]..params[last_name]; each may be left out unless `required`."""
    errors, days = {}, {}
    for name in (first_name, last_name):
        raw = params.get(name, "")
        raw = raw.strip() if isinstance(raw, str) else ""
        if not raw:
            if required:
                errors[name] = [str(REQUIRED)]
            continue
        day = parse_day(raw)
        if day is None:
            errors[name] = [str(NOT_A_DAY)]
        else:
            days[name] = day
    first, last = days.get(first_name), days.get(last_name)
    if not errors and first and last and last < first:
        errors[last_name] = [str(END_BEFORE_START)]
    if errors:
        raise InvalidData(fields=errors)
    return DateRange(first, last)

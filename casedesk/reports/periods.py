"""A period of registration dates (Asia/Shanghai, both ends included), as the figures take it."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from casedesk.cases import selectors
from casedesk.cases.errors import InvalidData


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date

    @property
    def q(self):
        """Cases registered in the period."""
        return selectors.submitted_between(self.first, self.last)

    @property
    def params(self):
        """The case-list filters that select the same cases (casedesk.cases.selectors)."""
        return {"submitted_from": self.first.isoformat(), "submitted_to": self.last.isoformat()}

    def months(self):
        """The first day of every month the period touches, in order."""
        month = self.first.replace(day=1)
        while month <= self.last:
            yield month
            month = next_month(month)

    def month_within(self, month):
        """The part of `month` (its first day) inside the period."""
        return Period(max(month, self.first), min(next_month(month) - datetime.timedelta(days=1), self.last))


def next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def year(number):
    return Period(datetime.date(number, 1, 1), datetime.date(number, 12, 31))


def parse_period(params, first_name="from", last_name="to"):
    """The period in params[from]..params[to] (YYYY-MM-DD each); InvalidData names what is wrong."""
    errors, days = {}, {}
    for name in (first_name, last_name):
        raw = params.get(name, "")
        if not raw:
            errors[name] = [str(_("This date is required (YYYY-MM-DD)."))]
            continue
        day = selectors.parse_day(raw)
        if day is None:
            errors[name] = [str(_("Give a date as YYYY-MM-DD."))]
        else:
            days[name] = day
    if not errors and days[last_name] < days[first_name]:
        errors[last_name] = [str(_("The end date is before the start date."))]
    if errors:
        raise InvalidData(fields=errors)
    return Period(days[first_name], days[last_name])


def parse_year(raw):
    if not isinstance(raw, str) or not raw.isdigit() or not 1950 <= int(raw) <= 9998:
        raise InvalidData(fields={"year": [str(_("Give a year such as 2026."))]})
    return year(int(raw))

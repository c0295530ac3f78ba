"""A period of registration dates (Asia/Shanghai, both ends included), as the figures take it."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from casedesk.cases import clock, date_range
from casedesk.cases.errors import InvalidData
from casedesk.cases.forms_base import EARLIEST_DATE


@dataclass(frozen=True)
class Period(date_range.DateRange):
    """A date range with both ends, read with casedesk.cases.date_range like every from/to."""

    first: datetime.date
    last: datetime.date

    @property
    def q(self):
        """Cases registered in the period."""
        return self.within("submitted_at")

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
    """The period in params[from]..params[to] (YYYY-MM-DD each, both required); InvalidData names what is wrong."""
    days = date_range.parse(params, first_name, last_name, required=True)
    return Period(days.first, days.last)


def report_years():
    """The years a report may be asked for: from the earliest date the desk takes to this year (a year to
    come has no figures yet)."""
    return EARLIEST_DATE.year, clock.today().year


def parse_year(raw):
    if not isinstance(raw, str) or not raw.strip().isdigit():
        raise InvalidData(fields={"year": [str(_("Give a year such as 2026."))]})
    first, last = report_years()
    if not first <= int(raw) <= last:
        raise InvalidData(fields={"year": [str(_("Give a year from %(first)d to %(last)d.")
                                               % {"first": first, "last": last})]})
    return year(int(raw))


def single_year(period):
    """The year `period` lies in, if it lies in one that has a report (report_years), else None."""
    first, last = report_years()
    number = period.first.year
    return number if number == period.last.year and first <= number <= last else None

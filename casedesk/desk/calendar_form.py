"""The supervisors' form for a year's holiday schedule: dates typed or pasted, one list each.

Dates may be separated by spaces, commas, 、 or new lines, and a run of days written as
2027-02-08~2027-02-12 (or with 至 or ..). The rules (each date in the year, none twice, working
days only on weekends) are the schedule service's (casedesk.cases.calendar_schedule)."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from casedesk.cases.calendar_schedule import SOURCE_MAX
from casedesk.web.pages import date_input

SEPARATORS = re.compile(r"[\s,，、;；]+")
RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:~|～|至|\.\.)(\d{4}-\d{1,2}-\d{1,2})$")
MAX_RUN = 31


def _iso(text):
    year, month, day = (int(part) for part in text.split("-"))
    return datetime.date(year, month, day).isoformat()


def dates_in(text):
    """The dates written in `text`, in order, as ISO strings (a run expanded); unreadable parts as given."""
    found = []
    for part in (p for p in SEPARATORS.split(text or "") if p):
        run = RANGE.match(part)
        try:
            if run:
                first, last = (datetime.date.fromisoformat(_iso(d)) for d in run.groups())
                days = (last - first).days
                if not 0 <= days < MAX_RUN:
                    raise ValueError
                found += [(first + datetime.timedelta(days=i)).isoformat() for i in range(days + 1)]
            else:
                found.append(_iso(part))
        except ValueError:
            found.append(part)  # the service names it as not a date
    return found


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("notice (title or number)"), max_length=SOURCE_MAX,
                             help_text=_("As the notice is titled or numbered."))
    published_on = forms.DateField(label=_("published on"), widget=date_input())
    holidays = forms.CharField(
        label=_("holidays on weekdays"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Rest days that fall on Monday to Friday, e.g. 2027-01-01 2027-02-08~2027-02-12."),
    )
    workdays = forms.CharField(
        label=_("working weekend days"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text=_("Saturdays and Sundays that are working days, e.g. 2027-02-20."),
    )
    replace = forms.BooleanField(label=_("replace the year's schedule loaded now"), required=False)

    def payload(self):
        data = self.cleaned_data
        return {
            "year": data["year"], "source": data["source"], "published_on": data["published_on"],
            "holidays": dates_in(data["holidays"]), "workdays": dates_in(data.get("workdays", "")),
        }

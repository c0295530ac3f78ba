from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def cases_url(filters):
    """The web list of the cases behind a figure (the case list's own filters)."""
    return f"{reverse('reports:cases')}?{urlencode(filters)}"


# The web list each kind of drill-down opens (casedesk.reports.drilldown).
LISTS = {"cases": "reports:cases", "consultations": "consultations:list", "events": "outreach:events"}


@register.filter
def figure_url(cell):
    """The web list of the records behind a figure's cell: cases, consultations or events."""
    return f"{reverse(LISTS[cell.target])}?{urlencode(cell.filters)}"


@register.filter
def lookup(mapping, key):
    return mapping.get(key, key)

"""The case list's filters in words: what a list of cases holds, said above it, so that a list opened
from a figure ("其中已受理", a unit's line of the breakdown) tells which cases it shows.

The filters are casedesk.cases.selectors' (FILTERS); the words are the one vocabulary's
(casedesk.cases.labels and the choices' labels). Only filters that filter_cases accepted are
described: a page shows its error instead.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casedesk.cases import date_range, selectors
from casedesk.cases.choices import EmploymentForm
from casedesk.cases.errors import InvalidData
from casedesk.cases.labels import COURT_OUTCOMES
from casedesk.cases.row_ids import parse_id
from casedesk.web.formatting import chinese_date

CHOICE_NAMES = {  # param: what it is called; its codes and their words are the list's (selectors.CHOICES)
    "status": gettext_lazy("Status"),
    "category": gettext_lazy("Category"),
    "channel": gettext_lazy("Channel"),
    "outcome": gettext_lazy("Outcome"),
    "employment_form": gettext_lazy("Employment form"),
}
CHOICES = {**selectors.CHOICES, "employment_form": EmploymentForm}
YES_NO = {  # param: what a "true" says of the cases
    "accepted": gettext_lazy("Accepted"),
    "collective": gettext_lazy("Collective dispute"),
    "recovered": gettext_lazy("Money recovered for the workers"),
    "overdue": gettext_lazy("Overdue"),
}
RETURN_VISITS = {
    "ended": gettext_lazy("Performance period over (to be visited)"),
    "due": gettext_lazy("Not visited yet"),
    "done": gettext_lazy("Visited"),
}
DAY_RANGES = (("submitted_from", "submitted_to", gettext_lazy("Registered on")),
              ("paid_from", "paid_to", gettext_lazy("Payment dated")))


def describe(params):
    """[(what, words)] for each filter set in `params`, in the order a reader expects: when, where,
    then what kind of case. A filter that does not read is left out (the page shows its error)."""
    said = []
    for first, last, label in DAY_RANGES:
        words = _days(params, first, last)
        if words:
            said.append((label, words))
    unit = selectors.unit_named(str(params.get("unit", "")))
    if unit is not None:
        alone = str(params.get("subunits", "")).lower() in ("false", "0")
        said.append((_("Unit"), _("%(name)s itself") % {"name": unit.name} if alone
                     else _("%(name)s and the units below it") % {"name": unit.name}))
    for name, label in CHOICE_NAMES.items():
        words = _codes(params.get(name, ""), dict(CHOICES[name].choices))
        if words:
            said.append((label, words))
    words = _codes(params.get("court_outcome", ""), COURT_OUTCOMES)
    if words:
        said.append((COURT_OUTCOMES["total"], words))
    for name, label in YES_NO.items():
        value = selectors.BOOLEANS.get(str(params.get(name, "")).lower())
        if value is not None:
            said.append((label, _("Yes") if value else _("No")))
    if params.get("return_visit") in RETURN_VISITS:
        said.append((_("Return visit"), RETURN_VISITS[params["return_visit"]]))
    mediator = _mediator(str(params.get("mediator", "")))
    if mediator:
        said.append((_("Mediator"), mediator))
    if str(params.get("q", "")).strip():
        said.append((_("Search"), str(params["q"]).strip()))
    return [(str(label), str(words)) for label, words in said]


def _days(params, first_name, last_name):
    try:
        days = date_range.parse(params, first_name, last_name)
    except InvalidData:
        return ""
    first, last = chinese_date(days.first), chinese_date(days.last)
    if first and last:
        return first if first == last else _("%(first)s to %(last)s") % {"first": first, "last": last}
    if first:
        return _("from %(first)s") % {"first": first}
    return _("until %(last)s") % {"last": last} if last else ""


def _codes(raw, words):
    codes = [code for code in str(raw).split(",") if code]
    if not codes or any(code not in words for code in codes):
        return ""
    return "、".join(str(words[code]) for code in codes)


def _mediator(raw):
    if raw == "none":
        return _("Not assigned")
    pk = parse_id(raw)
    user = get_user_model().objects.filter(pk=pk).first() if pk is not None else None
    return (user.get_full_name() or user.username) if user else ""

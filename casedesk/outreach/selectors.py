"""Reading outreach events: the list filters (desk, API, figures' drill-downs) and the figures."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from casedesk.cases import date_range
from casedesk.cases import selectors as case_selectors
from casedesk.cases.errors import InvalidData

from .models import EventKind, OutreachEvent

FILTERS = ("kind", "held_from", "held_to", "q", "unit", "subunits")
MAX_QUERY_LENGTH = 100


def filter_events(queryset, params):
    """Apply the list filters in `params` (a mapping of strings); bad values raise InvalidData."""
    errors = {}
    kinds = [v for v in str(params.get("kind", "")).split(",") if v]
    if kinds:
        if all(v.isascii() and v.isdigit() and len(v) <= 9 for v in kinds):
            queryset = queryset.filter(kind_id__in=[int(v) for v in kinds])
        else:
            errors["kind"] = [str(_("Choose one of the kinds of event."))]
    queryset = queryset.filter(date_range.parse_into(params, "held_from", "held_to", errors).holds("held_on"))
    queryset = case_selectors.filter_unit(queryset, params, errors)
    text = str(params.get("q", "")).strip()
    if "\x00" in text:
        errors["q"] = [str(_("The search text contains a character that is not allowed."))]
    elif len(text) > MAX_QUERY_LENGTH:
        errors["q"] = [str(_("The search text is too long."))]
    elif text:
        queryset = queryset.filter(
            Q(place__icontains=text) | Q(host__icontains=text) | Q(note__icontains=text)
            | Q(kind__name__icontains=text) | Q(pk__in=OutreachEvent.objects.filter(staff__name__icontains=text)
                                                .values("pk"))
        )
    if errors:
        raise InvalidData(fields=errors)
    return queryset


def held_between(first, last):
    """Events held on local dates first..last, both included (either end may be open)."""
    return date_range.DateRange(first, last).holds("held_on")


def period_params(first, last):
    """The list filters that select the events held in first..last."""
    return {"held_from": first.isoformat(), "held_to": last.isoformat()}


@dataclass
class KindFigures:
    kind: int
    name: str
    events: int = 0
    people_served: int = 0
    leaflets: int = 0


@dataclass
class OutreachFigures:
    events: int = 0
    people_served: int = 0
    leaflets: int = 0
    by_kind: list = field(default_factory=list)

    def kinds_held(self):
        """The names of the kinds of event held, in the kinds' order."""
        return [k.name for k in self.by_kind if k.events]


def kinds():
    """Every kind of event, active or retired, in their order: for a page that counts two periods
    (the annual report's year and the year before) and so reads them once (`figures(kinds=…)`)."""
    return list(EventKind.objects.all())


def figures(first, last, unit=None, kinds=None):
    """Events held from `first` to `last` (recorded in `unit` and below it; None: all): counted,
    people served and leaflets, in all and by kind.

    Every active kind is listed (with zeros if none was held), and any retired kind that was held;
    from `kinds` (every kind, as `kinds()` reads them) where given, else read here.
    """
    held = OutreachEvent.objects.filter(held_between(first, last))
    if unit is not None:
        held = held.filter(case_selectors.unit_q(unit))
    rows = (
        held.order_by().values("kind")
        .annotate(n=Count("id"), people=Sum("people_served"), leaflets=Sum("leaflets"))
    )
    held = {row["kind"]: row for row in rows}
    result = OutreachFigures()
    if kinds is None:
        kinds = EventKind.objects.filter(Q(active=True) | Q(pk__in=list(held)))
    else:
        kinds = [kind for kind in kinds if kind.active or kind.pk in held]
    for kind in kinds:
        row = held.get(kind.pk, {})
        entry = KindFigures(kind.pk, kind.name, row.get("n", 0), row.get("people") or 0, row.get("leaflets") or 0)
        result.by_kind.append(entry)
        result.events += entry.events
        result.people_served += entry.people_served
        result.leaflets += entry.leaflets
    return result

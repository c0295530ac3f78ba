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
    by_unit: dict = field(default_factory=dict)  # {unit id: its OutreachFigures, totals only}: the breakdown

    def add(self, events, people_served, leaflets):
        """Counts added to the totals alone (a kind's, a unit's)."""
        self.events += events
        self.people_served += people_served
        self.leaflets += leaflets

    def kinds_held(self):
        """The names of the kinds of event held, in the kinds' order."""
        return [k.name for k in self.by_kind if k.events]


def kinds():
    """Every kind of event, active or retired, in their order: for a page that counts two periods
    (the annual report's year and the year before) and so reads them once (`figures(kinds=…)`)."""
    return list(EventKind.objects.all())


def figures(first, last, unit=None, kinds=None):
    """Events held from `first` to `last` (recorded in `unit` and below it; None: all): counted,
    people served and leaflets, in all, by kind and by the unit that held them.

    Every active kind is listed (with zeros if none was held), and any retired kind that was held;
    from `kinds` (every kind, as `kinds()` reads them) where given, else read here.
    """
    events = OutreachEvent.objects.filter(held_between(first, last))
    if unit is not None:
        events = events.filter(case_selectors.unit_q(unit))
    rows = (
        events.order_by().values("unit_id", "kind")
        .annotate(n=Count("id"), people=Sum("people_served"), leaflets=Sum("leaflets"))
    )
    result, held = OutreachFigures(), {}
    for row in rows:
        counts = (row["n"], row["people"] or 0, row["leaflets"] or 0)
        held.setdefault(row["kind"], OutreachFigures()).add(*counts)
        result.by_unit.setdefault(row["unit_id"], OutreachFigures()).add(*counts)
    if kinds is None:
        kinds = EventKind.objects.filter(Q(active=True) | Q(pk__in=list(held)))
    else:
        kinds = [kind for kind in kinds if kind.active or kind.pk in held]
    for kind in kinds:
        counted = held.get(kind.pk) or OutreachFigures()
        entry = KindFigures(kind.pk, kind.name, counted.events, counted.people_served, counted.leaflets)
        result.by_kind.append(entry)
        result.add(entry.events, entry.people_served, entry.leaflets)
    return result

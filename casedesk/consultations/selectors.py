"""Reading consultations: the list filters (desk, API, export, the figures' drill-downs) and the figures."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from casedesk.cases import crypto, date_range
from casedesk.cases import selectors as case_selectors
from casedesk.cases.choices import EmploymentForm
from casedesk.cases.errors import InvalidData
from casedesk.cases.identifiers import normalize_identifier
from casedesk.cases.row_ids import parse_id

from .choices import ConsultationChannel, Topic
from .models import Consultation

FILTERS = ("channel", "topic", "employment_form", "asked_from", "asked_to", "event", "converted", "q", "unit",
           "subunits")
CHOICES = {"channel": ConsultationChannel, "topic": Topic, "employment_form": EmploymentForm}
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
MAX_QUERY_LENGTH = 100


def filter_consultations(queryset, params):
    """Apply the list filters in `params` (a mapping of strings); bad values raise InvalidData."""
    errors = {}
    for name, choices in CHOICES.items():
        values = [v for v in str(params.get(name, "")).split(",") if v]
        bad = [v for v in values if v not in choices.values]
        if bad:
            errors[name] = [str(_("Unknown value: %(value)s") % {"value": ", ".join(bad)})]
        elif values:
            queryset = queryset.filter(**{f"{name}__in": values})
    queryset = _filter_asked(queryset, params, errors)
    queryset = case_selectors.filter_unit(queryset, params, errors)
    raw_event = str(params.get("event", ""))
    if raw_event:
        if parse_id(raw_event) is not None:
            queryset = queryset.filter(event_id=parse_id(raw_event))
        else:
            errors["event"] = [str(_("Give an event's id."))]
    raw = str(params.get("converted", "")).lower()
    if raw:
        if raw not in BOOLEANS:
            errors["converted"] = [str(_("Use true or false."))]
        else:
            queryset = queryset.filter(case__isnull=not BOOLEANS[raw])
    queryset = _search(queryset, _search_text(params, errors), errors)
    if errors:
        raise InvalidData(fields=errors)
    return queryset


def asked_between(first, last):
    """Consultations asked on local dates first..last, both included (either end may be open)."""
    return date_range.DateRange(first, last).within("asked_at")


def period_params(first, last):
    """The list filters that select the consultations asked in first..last."""
    return {"asked_from": first.isoformat(), "asked_to": last.isoformat()}


def _filter_asked(queryset, params, errors):
    return queryset.filter(date_range.parse_into(params, "asked_from", "asked_to", errors).within("asked_at"))


def _search_text(params, errors):
    """The search text; a stored export's is sealed (it may be a phone number)."""
    sealed = params.get(case_selectors.SEALED_QUERY)
    if not sealed:
        return str(params.get("q", ""))
    try:
        return crypto.decrypt(sealed)
    except crypto.FieldKeyError:
        errors["q"] = [str(_("The search text could not be read."))]
        return ""


def _search(queryset, raw, errors):
    """Free text in the question or answer, or exactly the name or phone left (matched through
    their keyed hash: both are stored encrypted)."""
    text = raw.strip()
    if not text:
        return queryset
    if "\x00" in text:
        errors["q"] = [str(_("The search text contains a character that is not allowed."))]
        return queryset
    if len(text) > MAX_QUERY_LENGTH:
        errors["q"] = [str(_("The search text is too long."))]
        return queryset
    condition = Q(question__icontains=text) | Q(answer__icontains=text)
    if name := crypto.digest(text):
        condition |= Q(name_digest=name)
    if phone := crypto.digest(normalize_identifier(text), "phone"):
        condition |= Q(phone_digest=phone)
    return queryset.filter(condition)


def _counts():
    return {"records": 0, "people": 0}


@dataclass
class ConsultationFigures:
    records: int = 0
    people: int = 0
    converted: int = 0
    by_channel: dict = field(default_factory=lambda: {c: _counts() for c in ConsultationChannel.values})
    by_topic: dict = field(default_factory=lambda: {t: _counts() for t in Topic.values})
    by_unit: dict = field(default_factory=dict)  # {unit id: records and people}: the figures' breakdown by unit


def figures(first, last, unit=None):
    """Consultations asked from `first` to `last` (recorded in `unit` and below it; None: all):
    records and people, by channel, by topic and by the unit that recorded them, and how many became
    cases."""
    asked = Consultation.objects.filter(asked_between(first, last))
    if unit is not None:
        asked = asked.filter(case_selectors.unit_q(unit))
    rows = (
        asked.order_by().values("unit_id", "channel", "topic")
        .annotate(n=Count("id"), people=Sum("people"), converted=Count("case"))
    )
    result = ConsultationFigures()
    for row in rows:
        n, people = row["n"], row["people"] or 0
        result.records += n
        result.people += people
        result.converted += row["converted"]
        by_unit = result.by_unit.setdefault(row["unit_id"], _counts())
        for counts in (result.by_channel[row["channel"]], result.by_topic[row["topic"]], by_unit):
            counts["records"] += n
            counts["people"] += people
    return result

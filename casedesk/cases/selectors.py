"""Reading cases: the list filters and the prefetching shared by the API and the web desk."""

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from . import clock, deadlines
from .choices import Category, Channel, Status
from .errors import InvalidData
from .models import Agreement, Applicant, Case

FILTERS = ("status", "category", "channel", "mediator", "overdue", "q", "collective")
CHOICES = {"status": Status, "category": Category, "channel": Channel}
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
MAX_QUERY_LENGTH = 100


def with_overdue(queryset, today=None):
    today = today or clock.today()
    return queryset.annotate(overdue=ExpressionWrapper(deadlines.overdue_q(today), output_field=BooleanField()))


def filter_cases(queryset, params):
    """Apply the list filters in `params` (a mapping of strings); bad values raise InvalidData."""
    errors = {}
    for name, choices in CHOICES.items():
        values = [v for v in params.get(name, "").split(",") if v]
        if not values:
            continue
        bad = [v for v in values if v not in choices.values]
        if bad:
            errors[name] = [str(_("Unknown value: %(value)s") % {"value": ", ".join(bad)})]
        else:
            queryset = queryset.filter(**{f"{name}__in": values})
    queryset = _filter_mediator(queryset, params.get("mediator", ""), errors)
    for name, lookup in (("overdue", deadlines.overdue_q), ("collective", None)):
        raw = params.get(name, "")
        if not raw:
            continue
        if raw.lower() not in BOOLEANS:
            errors[name] = [str(_("Use true or false."))]
            continue
        condition = lookup(clock.today()) if lookup else Q(is_collective=True)
        queryset = queryset.filter(condition) if BOOLEANS[raw.lower()] else queryset.exclude(condition)
    queryset = _search(queryset, params.get("q", ""), errors)
    if errors:
        raise InvalidData(fields=errors)
    return queryset


def _filter_mediator(queryset, raw, errors):
    if not raw:
        return queryset
    if raw == "none":
        return queryset.filter(mediator__isnull=True)
    if not raw.isdigit() or len(raw) > 18:
        errors["mediator"] = [str(_("Give a mediator's user id, or none."))]
        return queryset
    return queryset.filter(mediator_id=int(raw))


def _search(queryset, raw, errors):
    """Free text: a case number, a worker's or an employer's name, or a credit code."""
    text = raw.strip()
    if not text:
        return queryset
    if len(text) > MAX_QUERY_LENGTH:
        errors["q"] = [str(_("The search text is too long."))]
        return queryset
    people = Applicant.objects.filter(person__name__icontains=text).values("case_id")
    return queryset.filter(
        Q(number__icontains=text) | Q(employer__name__icontains=text) | Q(employer__uscc=text.upper())
        | Q(pk__in=people)
    )


def list_queryset(user):
    from .access import visible_cases

    return with_overdue(visible_cases(user)).select_related("employer", "mediator")


def detail_queryset(user):
    from .access import visible_cases

    return with_overdue(visible_cases(user)).select_related(
        "employer", "mediator", "registered_by", "court_referral", "related_case"
    ).prefetch_related(
        Prefetch("applicants", queryset=Applicant.objects.select_related("person")),
        "claims",
        Prefetch("agreements", queryset=Agreement.objects.prefetch_related("instalments")),
        Prefetch("sessions__mediator"),
    )



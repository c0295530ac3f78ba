"""Reading cases: the list filters and the prefetching shared by the API and the web desk."""

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from casedesk.units import tree
from casedesk.units.models import Unit

from . import clock, crypto, date_range, deadlines, performance
from .choices import COURT_CHANNELS, FINISHED_STATES, Category, Channel, EmploymentForm, Outcome, Status
from .errors import InvalidData
from .identifiers import normalize_identifier
from .models import Agreement, Applicant, Case
from .row_ids import parse_id

FILTERS = (
    "status", "category", "channel", "mediator", "overdue", "q", "collective", "accepted",
    "submitted_from", "submitted_to", "employment_form", "outcome", "court_outcome", "recovered",
    "paid_from", "paid_to", "return_visit", "unit", "subunits",
)
CHOICES = {"status": Status, "category": Category, "channel": Channel, "outcome": Outcome}

# What became of a case a court referred: agreed (an agreement was reached), pending (still
# being worked) or failed (it went back to the court without one). Every court case is in one.
# The rule is written twice side by side: as filters (the list) and for one case (the figures).
COURT_AGREED_STATES = (Status.AGREED, Status.CONFIRMING, Status.CONFIRMED)
COURT_PENDING_STATES = (Status.SUBMITTED, Status.ACCEPTED, Status.MEDIATING)
COURT_AGREED = Q(status__in=COURT_AGREED_STATES) | Q(status__in=FINISHED_STATES, outcome=Outcome.SETTLED)
COURT_PENDING = Q(status__in=COURT_PENDING_STATES)
COURT_OUTCOMES = {
    "agreed": COURT_AGREED,
    "pending": COURT_PENDING,
    "failed": ~COURT_AGREED & ~COURT_PENDING,
}


def court_outcome_of(status, outcome):
    """The COURT_OUTCOMES key that a court's case with this status and outcome falls under."""
    if status in COURT_AGREED_STATES or (status in FINISHED_STATES and outcome == Outcome.SETTLED):
        return "agreed"
    if status in COURT_PENDING_STATES:
        return "pending"
    return "failed"
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
# The yes/no filters that are a condition on the case row (overdue is the deadline rule's).
YES_NO_FILTERS = {"collective": Q(is_collective=True), "accepted": Q(accepted_on__isnull=False),
                  "recovered": Q(recovered_amount__gt=0)}
MAX_QUERY_LENGTH = 100
# The search text of stored filters (a report job's), encrypted: see sealed_filters.
SEALED_QUERY = "q_sealed"


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
    queryset = _filter_submitted(queryset, params, errors)
    queryset = _filter_employment_form(queryset, params.get("employment_form", ""), errors)
    queryset = _filter_court_outcome(queryset, params.get("court_outcome", ""), errors)
    queryset = _filter_paid(queryset, params, errors)
    queryset = _filter_return_visit(queryset, params.get("return_visit", ""), errors)
    queryset = filter_unit(queryset, params, errors)
    for name, lookup in (("overdue", deadlines.overdue_q), ("collective", None), ("accepted", None),
                         ("recovered", None)):
        raw = params.get(name, "")
        if not raw:
            continue
        if raw.lower() not in BOOLEANS:
            errors[name] = [str(_("Use true or false."))]
            continue
        condition = lookup(clock.today()) if lookup else YES_NO_FILTERS[name]
        queryset = queryset.filter(condition) if BOOLEANS[raw.lower()] else queryset.exclude(condition)
    text = params.get("q", "")
    if params.get(SEALED_QUERY):
        text = _unsealed_query(params[SEALED_QUERY])
        if text is None:
            errors["q"] = [str(_("The search text could not be read."))]
            text = ""
    queryset = _search(queryset, text, errors)
    if errors:
        raise InvalidData(fields=errors)
    return queryset


def _filter_mediator(queryset, raw, errors):
    if not raw:
        return queryset
    if raw == "none":
        return queryset.filter(mediator__isnull=True)
    pk = parse_id(raw)
    if pk is None:
        errors["mediator"] = [str(_("Give a mediator's user id, or none."))]
        return queryset
    return queryset.filter(mediator_id=pk)


def unit_named(raw):
    """The unit whose id is `raw` (a string of digits), or None."""
    pk = parse_id(raw)
    return Unit.objects.filter(pk=pk).first() if pk is not None else None


def unit_q(unit, subunits=True, field="unit"):
    """The rows of `unit` and every unit below it (the one selector, casedesk.units.tree), or with
    `subunits` False the rows of `unit` itself (a breakdown's line for a unit's own cases)."""
    return tree.subtree_q(unit, field) if subunits else Q(**{field: unit})


def filter_unit(queryset, params, errors):
    """unit=<id>: the rows (cases, consultations, events) of that unit and of every unit below it;
    with subunits=false, of it alone. Bad values go into `errors`."""
    raw, below = str(params.get("unit", "")), str(params.get("subunits", "")).lower()
    if below and below not in BOOLEANS:
        errors["subunits"] = [str(_("Use true or false."))]
        return queryset
    if not raw:
        if below:
            errors["unit"] = [str(_("Give a unit's id."))]
        return queryset
    unit = unit_named(raw)
    if unit is None:
        errors["unit"] = [str(_("Unknown unit: %(value)s") % {"value": raw[:20]})]
        return queryset
    return queryset.filter(unit_q(unit, BOOLEANS.get(below, True)))


def _filter_submitted(queryset, params, errors):
    try:
        days = date_range.parse(params, "submitted_from", "submitted_to")
    except InvalidData as exc:
        errors.update(exc.fields)
        return queryset
    return queryset.filter(days.within("submitted_at"))


def _filter_paid(queryset, params, errors):
    """Cases with a payment (or a reversal) dated in the range (casedesk.payments' rows, by relation)."""
    if not params.get("paid_from") and not params.get("paid_to"):
        return queryset
    try:
        days = date_range.parse(params, "paid_from", "paid_to")
    except InvalidData as exc:
        errors.update(exc.fields)
        return queryset
    return queryset.filter(pk__in=Case.objects.filter(days.holds("payments__paid_on")).values("pk"))


def _filter_return_visit(queryset, raw, errors):
    """ended: performance over (casedesk.cases.performance.ended_q), the cases to visit; due: those not
    visited yet; done: visited."""
    if not raw:
        return queryset
    visited = Q(pk__in=Case.objects.filter(return_visits__isnull=False).values("pk"))
    if raw == "ended":
        return queryset.filter(performance.ended_q())
    if raw == "due":
        return queryset.filter(performance.ended_q()).exclude(visited)
    if raw == "done":
        return queryset.filter(visited)
    errors["return_visit"] = [str(_("Use ended, due or done."))]
    return queryset


def _filter_employment_form(queryset, raw, errors):
    """Cases with at least one applicant in one of the given employment forms."""
    values = [v for v in raw.split(",") if v]
    if not values:
        return queryset
    bad = [v for v in values if v not in EmploymentForm.values]
    if bad:
        errors["employment_form"] = [str(_("Unknown value: %(value)s") % {"value": ", ".join(bad)})]
        return queryset
    condition = Q()
    for value in values:
        condition |= employment_form_q(value)
    return queryset.filter(condition)


def employment_form_q(value):
    """Cases with a worker in employment form `value` (the case keeps its workers' forms as ",a,b,")."""
    return Q(employment_forms__contains=f",{value},")


def _filter_court_outcome(queryset, raw, errors):
    """Cases a court referred, by what became of them (COURT_OUTCOMES)."""
    values = [v for v in raw.split(",") if v]
    if not values:
        return queryset
    bad = [v for v in values if v not in COURT_OUTCOMES]
    if bad:
        errors["court_outcome"] = [str(_("Unknown value: %(value)s") % {"value": ", ".join(bad)})]
        return queryset
    condition = Q()
    for value in values:
        condition |= COURT_OUTCOMES[value]
    return queryset.filter(condition, channel__in=COURT_CHANNELS)


def _search(queryset, raw, errors):
    """Free text: a case number, a worker's or an employer's name, or a credit code; or exactly a
    worker's ID number or phone, matched through their keyed hash (they are stored encrypted)."""
    text = raw.strip()
    if not text:
        return queryset
    if "\x00" in text:  # PostgreSQL refuses NUL in text; nobody types it
        errors["q"] = [str(_("The search text contains a character that is not allowed."))]
        return queryset
    if len(text) > MAX_QUERY_LENGTH:
        errors["q"] = [str(_("The search text is too long."))]
        return queryset
    typed = normalize_identifier(text)  # as intake stored it: half-width, no spaces or zero-width marks
    # Exactly a worker's ID number or phone, through their keyed hashes.
    identified = [Q(**{column: value}) for column, value in (
        ("person__id_number_digest", crypto.digest(typed)), ("phone_digest", crypto.digest(typed, "phone"))) if value]
    exact = _exact_match(queryset, text, identified)
    if exact is not None:
        return queryset.filter(exact)
    people = Q(name__icontains=text) | Q(person__name__icontains=text)
    for condition in identified:
        people |= condition
    return queryset.filter(
        Q(number__icontains=text) | Q(respondent__name__icontains=text) | Q(employer__name__icontains=text)
        | Q(employer__uscc=text.upper()) | Q(pk__in=Applicant.objects.filter(people).values("case_id"))
    )


def _exact_match(queryset, text, identified):
    """The cases of a whole case number, or of a worker's whole ID number or phone (`identified`: the
    conditions on their keyed hashes), or None; asked of `queryset` (the cases the user sees), so that
    whether the search went exact never tells of a case out of sight.

    Such a text is a unique value, found through its index; no name or other number holds it, so the
    substring search, which reads every case, every employer and every worker (1.1 s at 100,000 cases,
    bench/README.md), would find nothing more."""
    if queryset.filter(number=text).exists():
        return Q(number=text)
    cases = set()
    for condition in identified:  # one indexed look-up each (an OR across the join would read them all)
        cases.update(Applicant.objects.filter(condition, case__in=queryset).values_list("case_id", flat=True))
    return Q(pk__in=sorted(cases)) if cases else None


def sealed_filters(filters):
    """List filters fit to be stored (a report job's params): the search text encrypted, since it
    may be an ID number or a phone. filter_cases takes the result as it takes the original."""
    filters = dict(filters)
    text = filters.pop("q", "")
    if text:
        filters[SEALED_QUERY] = crypto.encrypt(text)
    return filters


def shown_filters(filters):
    """List filters fit for a log: the search text masked when it may be personal data."""
    filters = dict(filters)
    text = _unsealed_query(filters.pop(SEALED_QUERY, "")) or filters.get("q", "")
    if text:
        filters["q"] = mask_search_text(text)
    return filters


def mask_search_text(text):
    """A search text as a log may keep it: one that could be a document, phone or account number
    (Latin letters, digits, "-", "+", at least 6 digits) keeps only its last 4 characters."""
    text = text.strip()
    compact = "".join(text.split())
    digits = sum(c.isdigit() for c in compact)
    if not (compact.isascii() and digits >= 6 and all(c.isalnum() or c in "-+" for c in compact)):
        return text
    return "*" * (len(compact) - 4) + compact[-4:]


def _unsealed_query(token):
    try:
        return crypto.decrypt(token) if token else ""
    except crypto.FieldKeyError:
        return None


def list_queryset(user):
    from .access import visible_cases

    return listed(visible_cases(user))


def first_rows(user, rows, order, where=None, prepare=None):
    """The first `rows` cases in `order` (fields all ascending or all descending, annotations too) that
    `user` sees and that match `where`, as a list; each case as `prepare(queryset)` reads it (default:
    `listed`, what a list shows of each).

    Each branch of what the user sees (access.visibility) gives its own first `rows`, from an index in
    that order or from a sort of its own few cases, and the first of those are kept. Over the OR of the
    branches at once PostgreSQL cannot read any index in order: it walks the whole `updated_at` index,
    filtering out every case the user does not see (100k rows at a million cases), or sorts every case
    of the unit's queue. SQLite allows no LIMIT inside a UNION, so the branches are read one query each.
    Empty values sort as the database sorts them: last ascending, first descending.
    """
    from .access import visibility

    descending = {field.startswith("-") for field in order}
    assert len(descending) == 1, "one direction for every field of the order"
    descending = descending.pop()
    fields = [field.lstrip("-") for field in order]
    found = {}
    for branch in visibility(user):
        cases = (prepare or listed)(Case.objects.filter(branch))
        for case in (cases.filter(where) if where is not None else cases).order_by(*order)[:rows]:
            found[case.pk] = case

    def key(case):
        return tuple(((value := getattr(case, field)) is None, value) for field in fields)

    return sorted(found.values(), key=key, reverse=descending)[:rows]


def listed(queryset):
    """`queryset` with what a list of cases shows of each: overdue, the employer, the respondent, the mediator."""
    return with_overdue(queryset).select_related("employer", "respondent", "mediator")


def case_details(queryset=None):
    """Cases with everything one case's page and its JSON show, read in a few queries, and `overdue`
    (for access.open_case_for, which keeps to the cases the user may see)."""
    queryset = Case.objects.all() if queryset is None else queryset
    return with_overdue(queryset).select_related(
        "employer", "respondent", "mediator", "registered_by", "court_referral", "referral", "related_case__mediator", "unit"
    ).prefetch_related(
        Prefetch("applicants", queryset=Applicant.objects.select_related("person")),
        "claims",
        # "payments": casedesk.payments' rows against the agreement, which its performance is derived from.
        Prefetch("agreements", queryset=Agreement.objects.prefetch_related(
            "instalments", "shares__applicant", "payments__recorded_by")),
        Prefetch("sessions__mediator"),
    )

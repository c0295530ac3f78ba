"""For every figure, the list filters that select exactly the records behind it.

The filters are the lists' own (casedesk.cases.selectors.filter_cases for cases, and the
consultations' and outreach events' selectors), so `GET /api/cases/?…` (…/consultations/,
…/outreach-events/) and the web lists answer with the same records the figure counts.
"""

from urllib.parse import urlencode

from casedesk.cases.choices import COURT_CHANNELS, FINISHED_STATES, EmploymentForm
from casedesk.consultations import selectors as consultation_selectors
from casedesk.outreach import selectors as outreach_selectors

from .stats import COURT_OUTCOMES, Figures

# The lists a figure drills down to.
CASES, CONSULTATIONS, EVENTS = "cases", "consultations", "events"

COURT = ",".join(COURT_CHANNELS)
FINISHED = ",".join(FINISHED_STATES)


def filters(figures: Figures):
    """{figure: {param: value}} mirroring the shape of the figures; the period's dates and the unit in each."""
    codes = {
        "by_status": "status", "by_category": "category", "by_channel": "channel",
        "by_employment_form": "employment_form", "by_outcome": "outcome",
    }
    out = {"cases": {}, "workers_served": {}}
    for name, param in codes.items():
        out[name] = {code: {param: code} for code in getattr(figures, name)}
    out["recovered_amount"] = {"recovered": "true"}
    out["return_visits"] = {"cases_to_visit": {"return_visit": "ended"}, "cases_visited": {"return_visit": "done"}}
    out["court_referred"] = {"total": {"channel": COURT}}
    out["court_referred"].update({o: {"court_outcome": o} for o in COURT_OUTCOMES})
    out["collective_cases"] = {"collective": "true"}
    out["platform_cases"] = {"employment_form": EmploymentForm.PLATFORM.value}
    out["closed_cases"] = {"status": FINISHED}
    out["accepted_cases"] = {"accepted": "true"}
    tree = _with_period(out, figures.case_params)
    # Payments dated in the period, on the unit's cases registered in any year.
    tree["payments_in_period"] = {"paid_from": figures.period.first.isoformat(),
                                  "paid_to": figures.period.last.isoformat(), **figures.unit_params}
    return tree


def _with_period(tree, period_params):
    if tree and all(isinstance(v, dict) for v in tree.values()):
        return {k: _with_period(v, period_params) for k, v in tree.items()}
    return {**period_params, **tree}


def urls(figures: Figures, base: str):
    """The same tree as filters(), each leaf a URL of the case list at `base`."""
    return _map(filters(figures), lambda params: f"{base}?{urlencode(params)}")


def month_filters(figures: Figures, month, **extra):
    """The unit's cases registered in `month` (its part inside the period), with more filters."""
    return {**figures.period.month_within(month).params, **figures.unit_params, **extra}


def _map(tree, leaf):
    if tree and all(isinstance(v, dict) for v in tree.values()):
        return {k: _map(v, leaf) for k, v in tree.items()}
    return leaf(tree)


def consultation_filters(figures: Figures):
    """The consultations' figures' tree (records and people, by channel and topic): each its filters."""
    period = {**consultation_selectors.period_params(figures.period.first, figures.period.last), **figures.unit_params}

    def both(**extra):
        return {"records": {**period, **extra}, "people": {**period, **extra}}

    counted = figures.consultations
    return {**both(), "converted": {**period, "converted": "true"},
            "by_channel": {code: both(channel=code) for code in counted.by_channel},
            "by_topic": {code: both(topic=code) for code in counted.by_topic}}


OUTREACH_COUNTS = ("events", "people_served", "leaflets")


def outreach_filters(figures: Figures):
    """The outreach figures' tree (events, people served, leaflets; by kind): each its filters."""
    period = {**outreach_selectors.period_params(figures.period.first, figures.period.last), **figures.unit_params}

    def each(**extra):
        return {name: {**period, **extra} for name in OUTREACH_COUNTS}

    return {**each(), "by_kind": {str(k.kind): each(kind=str(k.kind)) for k in figures.outreach.by_kind}}


def people_served_filters(figures: Figures):
    """{part: (list, filters)} for each part of the people served."""
    first, last = figures.period.first, figures.period.last
    return {
        "workers_on_cases": (CASES, figures.case_params),
        "people_in_consultations": (CONSULTATIONS,
                                    {**consultation_selectors.period_params(first, last), **figures.unit_params}),
        "people_at_events": (EVENTS, {**outreach_selectors.period_params(first, last), **figures.unit_params}),
    }


def all_urls(figures: Figures, bases):
    """Every figure's drill-down as a URL of its list; `bases`: {CASES: url, CONSULTATIONS: url, EVENTS: url}."""

    def at(base):
        return lambda params: f"{base}?{urlencode(params)}"

    tree = urls(figures, bases[CASES])
    tree["consultations"] = _map(consultation_filters(figures), at(bases[CONSULTATIONS]))
    tree["outreach"] = _map(outreach_filters(figures), at(bases[EVENTS]))
    tree["people_served"] = {
        part: at(bases[target])(params) for part, (target, params) in people_served_filters(figures).items()
    }
    return tree

"""For every figure, the case-list filters that select exactly the cases behind it.

The filters are the case list's own (casedesk.cases.selectors.filter_cases), so
`GET /api/cases/?…` and the web list answer with the same cases the figure counts.
"""

from urllib.parse import urlencode

from casedesk.cases.choices import COURT_CHANNELS, FINISHED_STATES, EmploymentForm

from .stats import COURT_OUTCOMES, Figures

COURT = ",".join(COURT_CHANNELS)
FINISHED = ",".join(FINISHED_STATES)


def filters(figures: Figures):
    """{figure: {param: value}} mirroring the shape of the figures; the period's dates in each."""
    codes = {
        "by_status": "status", "by_category": "category", "by_channel": "channel",
        "by_employment_form": "employment_form", "by_outcome": "outcome",
    }
    out = {"cases": {}, "workers_served": {}}
    for name, param in codes.items():
        out[name] = {code: {param: code} for code in getattr(figures, name)}
    out["recovered_amount"] = {"status": FINISHED}
    out["court_referred"] = {"total": {"channel": COURT}}
    out["court_referred"].update({o: {"court_outcome": o} for o in COURT_OUTCOMES})
    out["collective_cases"] = {"collective": "true"}
    out["platform_cases"] = {"employment_form": EmploymentForm.PLATFORM.value}
    out["closed_cases"] = {"status": FINISHED}
    return _with_period(out, figures.period.params)


def _with_period(tree, period_params):
    if tree and all(isinstance(v, dict) for v in tree.values()):
        return {k: _with_period(v, period_params) for k, v in tree.items()}
    return {**period_params, **tree}


def urls(figures: Figures, base: str):
    """The same tree as filters(), each leaf a URL of the case list at `base`."""
    return _map(filters(figures), lambda params: f"{base}?{urlencode(params)}")


def month_filters(figures: Figures, month, **extra):
    """The cases registered in `month` (its part inside the period), with more filters."""
    return {**figures.period.month_within(month).params, **extra}


def _map(tree, leaf):
    if tree and all(isinstance(v, dict) for v in tree.values()):
        return {k: _map(v, leaf) for k, v in tree.items()}
    return leaf(tree)

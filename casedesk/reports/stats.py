"""The union's figures for a period of registration dates, from GROUP BY queries.

One scan of the case table gives every per-case figure: it groups by status, channel and outcome (119 groups
in a year of a million cases), and counts in each group the cases of every category and employment form and
the collective ones; the groups are added up here. A second groups by unit for the breakdown. The days to
closure, a third, only where asked for (the pages, the annual report; not GET /api/stats/). PostgreSQL is
told how few the groups are by extended statistics on the columns and expressions these statements group by
(reports migrations 0003 and 0004): without them it expected a group every few cases and sorted a large year
on disk. The indexes by unit and by registration hold every column these statements read
(casedesk.cases.models.FIGURES_COLUMNS), so that PostgreSQL reads them from an index alone; a figure that
reads another column of the case adds it there. A case is one row whatever happened to it, so a reopened
case counts once. Money is summed in whole fen, which is exact on SQLite as well.

The figures are a unit's (casedesk.units): its cases and those of every unit below it, through
the case list's own unit filter (casedesk.cases.selectors.unit_q), with a breakdown by child unit
read from the same scans: one line per child unit (its whole subtree) and one for the unit's own
cases, which add up to the unit's figures; each line holds the per-case figures and the counts of
consultations and outreach events (not their breakdowns by channel, topic or kind).

Consultations (asked in the period) and outreach events (held in it) are counted by their own
apps' selectors; the people served are the sum of the three, in person-times (人次), as the
union reports them: a worker who asked at the hotline and then brought a case counts twice.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Func, IntegerField, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth

from casedesk.cases import performance, selectors
from casedesk.cases.choices import COURT_CHANNELS, FINISHED_STATES, Category, Channel, EmploymentForm, Outcome, Status
from casedesk.cases.models import Case
from casedesk.consultations import selectors as consultation_selectors
from casedesk.outreach import selectors as outreach_selectors
from casedesk.payments.models import Payment, ReturnVisit
from casedesk.units import tree
from casedesk.units.models import Unit

from .periods import Period

COURT_OUTCOMES = ("agreed", "failed", "pending")
CENT = Decimal("0.01")


@dataclass
class Figures:
    period: Period
    unit: Unit | None = None  # None: the whole desk
    subunits: bool = True  # False: the unit's own cases only (a breakdown's line)
    cases: int = 0
    by_status: dict = field(default_factory=lambda: dict.fromkeys(Status.values, 0))
    by_category: dict = field(default_factory=lambda: dict.fromkeys(Category.values, 0))
    by_channel: dict = field(default_factory=lambda: dict.fromkeys(Channel.values, 0))
    by_employment_form: dict = field(default_factory=lambda: dict.fromkeys(EmploymentForm.values, 0))
    by_outcome: dict = field(default_factory=lambda: dict.fromkeys(Outcome.values, 0))
    workers_served: int = 0
    recovered_amount: Decimal = Decimal("0.00")
    payments_in_period: Decimal = Decimal("0.00")
    return_visits: dict = field(default_factory=lambda: {
        "cases_to_visit": 0, "cases_visited": 0, "share_visited": None, "average_satisfaction": None})
    court_referred: dict = field(default_factory=lambda: dict.fromkeys(("total",) + COURT_OUTCOMES, 0))
    collective_cases: int = 0
    accepted_cases: int = 0  # of the cases registered in the period, those accepted (受理)
    closed_cases: int = 0  # of the cases registered in the period, those finished
    days_to_close: Counter = field(default_factory=Counter)
    consultations: consultation_selectors.ConsultationFigures = field(
        default_factory=consultation_selectors.ConsultationFigures)
    outreach: outreach_selectors.OutreachFigures = field(default_factory=outreach_selectors.OutreachFigures)
    # By child unit: a line per child unit (its subtree), then the unit's own cases: the per-case figures,
    # and the consultations' and the events' counts.
    breakdown: list = field(default_factory=list)

    @property
    def unit_params(self):
        """The case-list filters that select the unit's cases (casedesk.cases.selectors)."""
        if self.unit is None:
            return {}
        return {"unit": str(self.unit.pk), **({} if self.subunits else {"subunits": "false"})}

    @property
    def case_params(self):
        """The case-list filters that select the cases these figures count."""
        return {**self.period.params, **self.unit_params}

    @property
    def people_served(self):
        """Person-times served, with its parts: workers on cases, people who asked, people at events."""
        parts = {
            "workers_on_cases": self.workers_served,
            "people_in_consultations": self.consultations.people,
            "people_at_events": self.outreach.people_served,
        }
        return {"total": sum(parts.values()), **parts}

    @property
    def platform_cases(self):
        return self.by_employment_form[EmploymentForm.PLATFORM]

    @property
    def recovered_10k(self):
        """The amount recovered in 万元, as the work summary quotes it."""
        return (self.recovered_amount / 10000).quantize(CENT)

    @property
    def court_success_rate(self):
        """Agreed among the court's referrals that have ended, in per cent (None before any ended)."""
        ended = self.court_referred["agreed"] + self.court_referred["failed"]
        return None if not ended else (Decimal(100 * self.court_referred["agreed"]) / ended).quantize(Decimal("0.1"))

    @property
    def average_days_to_close(self):
        if not self.closed_cases:
            return None
        total = sum(days * n for days, n in self.days_to_close.items())
        return (Decimal(total) / self.closed_cases).quantize(Decimal("0.1"))

    @property
    def p90_days_to_close(self):
        """Nearest-rank 90th percentile: the days within which 90 % of the closed cases closed."""
        if not self.closed_cases:
            return None
        rank, seen = math.ceil(0.9 * self.closed_cases), 0
        for days in sorted(self.days_to_close):
            seen += self.days_to_close[days]
            if seen >= rank:
                return days
        return None


def fen(expression):
    """Money in whole fen: exact sums on every database (SQLite keeps decimals as floats)."""
    return Func(F(expression) * 100, function="ROUND", output_field=IntegerField())


def yuan(fen_total):
    return (Decimal(int(fen_total or 0)) / 100).quantize(CENT)


def recovered_fen():
    """The amount recovered for workers, in fen, as an aggregate over cases: the payments recorded on
    them (net of reversals; each case keeps their sum, casedesk.payments), whatever their state. The
    one definition (figures, months, annual report)."""
    return Sum(fen("recovered_amount"))


def payments_in_period(period: Period, unit=None) -> Decimal:
    """Every payment made inside the period (its date), whichever year its case is from, net of reversals;
    on the cases of `unit` and below it."""
    payments = Payment.objects.filter(period.holds("paid_on"))
    if unit is not None:
        payments = payments.filter(selectors.unit_q(unit, field="case__unit"))
    total = payments.aggregate(fen=Sum(fen("amount")))["fen"]
    return yuan(total)


def return_visits(cases):
    """Of the period's cases whose agreement was performed or its non-performance recorded: how many were
    visited (回访), the share in per cent, and the average satisfaction (1 to 5) of their visits."""
    to_visit = cases.filter(performance.ended_q()).order_by().values("pk").distinct().count()
    visits = ReturnVisit.objects.filter(case__in=cases.order_by().values("pk")).aggregate(
        visited=Count("case", distinct=True), a=Avg("satisfaction"))
    visited, average = visits["visited"], visits["a"]
    return {
        "cases_to_visit": to_visit, "cases_visited": visited,
        "share_visited": (Decimal(100 * visited) / to_visit).quantize(Decimal("0.1")) if to_visit else None,
        "average_satisfaction": Decimal(str(average)).quantize(Decimal("0.1")) if average is not None else None,
    }


def days_to_close():
    """Calendar days from the local registration date to the local closing date (NULL if open)."""
    return ExpressionWrapper(TruncDate("closed_at") - TruncDate("submitted_at"), output_field=DurationField())


def unit_cases(period: Period, unit):
    """The cases registered in the period in `unit` and every unit below it."""
    return Case.objects.filter(period.q, selectors.unit_q(unit))


def figures_for(period: Period, unit=None, *, days_to_close=True, kinds=None) -> Figures:
    """The figures of `unit` (None: the root unit, the whole desk) and every unit below it.

    A page that shows two periods has read the kinds of outreach event once (`kinds`: outreach
    selectors' kinds()) and hands them in."""
    unit = unit or tree.root()
    figures = Figures(period, unit)
    cases, breakdown = unit_cases(period, unit), _Breakdown(figures)
    _add_case_groups(figures, cases, breakdown)
    if days_to_close:
        _add_days_to_close(figures, cases)
    figures.payments_in_period = payments_in_period(period, unit)
    figures.return_visits = return_visits(cases)
    figures.consultations = consultation_selectors.figures(period.first, period.last, unit)
    figures.outreach = outreach_selectors.figures(period.first, period.last, unit, kinds)
    _add_services_by_unit(figures, breakdown)
    return figures


class _Breakdown:
    """The lines of a unit's breakdown, each Figures of its own: one per child unit (its subtree, in the
    tree's order) and the unit's own cases last; `line(unit_id)` is the line a case of that unit adds to."""

    def __init__(self, figures):
        unit = figures.unit
        below = {u.pk: u for u in tree.subtree_units(unit)}
        children = [u for u in below.values() if u.parent_id == unit.pk]
        lines = {child.pk: Figures(figures.period, child) for child in children}
        lines[unit.pk] = Figures(figures.period, unit, subunits=False)
        figures.breakdown = list(lines.values())
        self.unit, self.lines, self.below = unit, lines, below

    def line(self, unit_id):
        if unit_id not in self.below:  # made below the unit while the figures were read
            self.below[unit_id] = Unit.objects.get(pk=unit_id)
        rest = self.below[unit_id].path[len(self.unit.path):]
        return self.lines.get(int(rest.split("/", 1)[0]) if rest else self.unit.pk) or self.lines[self.unit.pk]


ACCEPTED = Q(accepted_on__isnull=False)

# What a line of the breakdown shows (reports.tables.by_unit, reports.api.BREAKDOWN_FIGURES), by unit.
BREAKDOWN = {
    "n": Count("id"), "accepted": Count("id", filter=ACCEPTED),
    "closed": Count("id", filter=Q(status__in=FINISHED_STATES)), "workers": Sum("applicant_count"),
    "fen": recovered_fen(), "collective": Count("id", filter=Q(is_collective=True)),
    "platform": Count("id", filter=selectors.employment_form_q(EmploymentForm.PLATFORM)),
    "court": Count("id", filter=Q(channel__in=COURT_CHANNELS)),
}


# What the per-case figures count beside their groups (by status, channel and outcome): the cases of each
# category and each employment form, and the collective ones, by the case list's own filters.
MARGINALS = {
    **{f"category_{value}": Count("id", filter=Q(category=value)) for value in Category.values},
    **{f"form_{value}": Count("id", filter=selectors.employment_form_q(value)) for value in EmploymentForm.values},
    "collective": Count("id", filter=Q(is_collective=True)),
}


def _add_case_groups(figures, cases, breakdown):
    """The unit's per-case figures from one GROUP BY of status, channel and outcome (119 groups in a year of a
    million cases), each group also counting its cases by category, employment form and collective (MARGINALS),
    and the breakdown's from a second, by unit, with only the figures a line shows (BREAKDOWN above).
    Grouping by every column made a group every few cases of a county (2,267 of its 6,796 at a million), read
    and added up here one by one; grouping by unit and every column at once made a hundred times the groups,
    which the database sorted on disk (bench/: stats_time_ratio_to_raw_sql_1m)."""
    groups = (
        cases.order_by()
        .values("status", "channel", "outcome")
        .annotate(n=Count("id"), accepted=Count("id", filter=ACCEPTED), workers=Sum("applicant_count"),
                  fen=recovered_fen(), **MARGINALS)
    )
    fen_total = 0
    for row in groups:
        _add_group(figures, row)
        fen_total += int(row["fen"] or 0)
    figures.recovered_amount = yuan(fen_total)
    for row in cases.order_by().values("unit_id").annotate(**BREAKDOWN):
        _add_line(breakdown.line(row["unit_id"]), row)


def _add_services_by_unit(figures, breakdown):
    """Each line of the breakdown: the consultations and the outreach events its units recorded (records,
    people; events, people served, leaflets), read with the unit's own figures."""
    for unit_id, counts in figures.consultations.by_unit.items():
        line = breakdown.line(unit_id).consultations
        line.records += counts["records"]
        line.people += counts["people"]
    for unit_id, counts in figures.outreach.by_unit.items():
        breakdown.line(unit_id).outreach.add(counts.events, counts.people_served, counts.leaflets)


def _add_line(line, row):
    line.cases += row["n"]
    line.accepted_cases += row["accepted"]
    line.closed_cases += row["closed"]
    line.workers_served += row["workers"] or 0
    line.recovered_amount += yuan(row["fen"])
    line.collective_cases += row["collective"]
    line.by_employment_form[EmploymentForm.PLATFORM] += row["platform"]
    line.court_referred["total"] += row["court"]


def _add_group(figures, row):
    """One group of cases (the same status, channel and outcome) into the per-case figures, but the money."""
    n = row["n"]
    figures.cases += n
    figures.accepted_cases += row["accepted"]
    figures.by_status[row["status"]] += n
    figures.by_channel[row["channel"]] += n
    figures.workers_served += row["workers"] or 0
    for value in Category.values:
        figures.by_category[value] += row[f"category_{value}"]
    for value in EmploymentForm.values:
        figures.by_employment_form[value] += row[f"form_{value}"]
    figures.collective_cases += row["collective"]
    if row["outcome"]:
        figures.by_outcome[row["outcome"]] += n
    if row["channel"] in COURT_CHANNELS:
        figures.court_referred["total"] += n
        figures.court_referred[selectors.court_outcome_of(row["status"], row["outcome"])] += n
    if row["status"] in FINISHED_STATES:
        figures.closed_cases += n


def _add_days_to_close(figures, cases):
    rows = (
        cases.filter(status__in=FINISHED_STATES).order_by()
        .annotate(days=days_to_close()).values("days").annotate(n=Count("id"))
    )
    for row in rows:
        figures.days_to_close[_whole_days(row["days"])] += row["n"]


def _whole_days(value):
    if isinstance(value, timedelta):
        return value.days
    return int(value or 0)  # a backend that hands back a plain number of days


def monthly(period: Period, unit=None):
    """Per month of registration: cases by category and the amount recovered (payments on its cases),
    in `unit` (None: the root unit) and below it."""
    rows = (
        unit_cases(period, unit or tree.root()).order_by()
        .annotate(month=TruncMonth("submitted_at"))
        .values("month", "category")
        .annotate(n=Count("id"), fen=recovered_fen())
    )
    months = {m: {"by_category": dict.fromkeys(Category.values, 0), "recovered": 0} for m in period.months()}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        entry = months[month.replace(day=1)]
        entry["by_category"][row["category"]] += row["n"]
        entry["recovered"] += int(row["fen"] or 0)
    for entry in months.values():
        entry["recovered"] = yuan(entry["recovered"])
        entry["cases"] = sum(entry["by_category"].values())
    return months

"""The figures as tables: the same tables on the statistics page, in the workbook and the PDF.

Each cell carries the list filters that select the records behind it (None where a value is
not a count of records) and which list that is (`target`: cases, consultations or events), so
every number on the page links to its records.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from casedesk.cases.choices import Category, Channel, EmploymentForm, Outcome, Status
from casedesk.cases.labels import COURT_OUTCOMES as COURT_OUTCOME_LABELS
from casedesk.consultations.choices import ConsultationChannel, Topic
from casedesk.web.formatting import chinese_month

from . import drilldown
from .stats import Figures


@dataclass
class Cell:
    value: object
    filters: dict | None = None
    target: str = drilldown.CASES


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)


def headline(figures: Figures, links):
    """The figures the union's annual work summary quotes (DOMAIN.md), in its words."""
    rows = [
        (_("Cases registered"), figures.cases, links["cases"]),
        (_("of which accepted"), figures.accepted_cases, links["accepted_cases"]),
        (_("of which closed"), figures.closed_cases, links["closed_cases"]),
        (_("Workers served (person-times)"), figures.workers_served, links["workers_served"]),
        (_("Amount recovered for workers (yuan)"), figures.recovered_amount, links["recovered_amount"]),
        (_("Amount recovered for workers (10,000 yuan)"), figures.recovered_10k, links["recovered_amount"]),
        (_("Payments received in the period (yuan)"), figures.payments_in_period, links["payments_in_period"]),
        (_("Cases referred by a court"), figures.court_referred["total"], links["court_referred"]["total"]),
        (_("of which resolved by agreement"), figures.court_referred["agreed"], links["court_referred"]["agreed"]),
        (_("Share of ended court referrals resolved (%)"), _percent(figures.court_success_rate), None),
        (_("Collective disputes"), figures.collective_cases, links["collective_cases"]),
        (_("Cases of workers in new forms of employment"), figures.platform_cases, links["platform_cases"]),
        (_("Average days from registration to closure"), _or_dash(figures.average_days_to_close), None),
        (_("90th percentile of days to closure"), _or_dash(figures.p90_days_to_close), None),
    ]
    table = Table("headline", _("Figures for the work summary"), [_("Figure"), _("Value")])
    table.rows = [[Cell(label), Cell(value, link)] for label, value, link in rows]
    consulted, outreach = drilldown.consultation_filters(figures), drilldown.outreach_filters(figures)
    table.rows += [
        [Cell(label), Cell(value, link, target)] for label, value, link, target in (
            (_("Consultations and legal-aid services"), figures.consultations.records, consulted["records"],
             drilldown.CONSULTATIONS),
            (_("People who asked (person-times)"), figures.consultations.people, consulted["people"],
             drilldown.CONSULTATIONS),
            (_("Outreach events held"), figures.outreach.events, outreach["events"], drilldown.EVENTS),
            (_("People served at events (person-times)"), figures.outreach.people_served,
             outreach["people_served"], drilldown.EVENTS),
            (_("Leaflets handed out"), figures.outreach.leaflets, outreach["leaflets"], drilldown.EVENTS),
            (_("People served in all (person-times)"), figures.people_served["total"], None, drilldown.CASES),
        )
    ]
    return table


def by_unit(figures: Figures):
    """The breakdown by child unit: a line per child unit (its subtree), a line for the unit's own
    cases, and the total, which they add up to; every cell links to the cases it counts. None for a
    unit with no unit below it."""
    if len(figures.breakdown) < 2:
        return None
    cases, consultations, events = drilldown.CASES, drilldown.CONSULTATIONS, drilldown.EVENTS
    columns = (  # label, value, the list its records are in, the filters that select them
        (_("Cases registered"), lambda f: f.cases, cases, lambda links: links["cases"]),
        (_("of which accepted"), lambda f: f.accepted_cases, cases, lambda links: links["accepted_cases"]),
        (_("of which closed"), lambda f: f.closed_cases, cases, lambda links: links["closed_cases"]),
        (_("Workers served (person-times)"), lambda f: f.workers_served, cases,
         lambda links: links["workers_served"]),
        (_("Amount recovered for workers (yuan)"), lambda f: f.recovered_amount, cases,
         lambda links: links["recovered_amount"]),
        (_("Cases referred by a court"), lambda f: f.court_referred["total"], cases,
         lambda links: links["court_referred"]["total"]),
        (_("Collective disputes"), lambda f: f.collective_cases, cases, lambda links: links["collective_cases"]),
        (_("Cases of workers in new forms of employment"), lambda f: f.platform_cases, cases,
         lambda links: links["platform_cases"]),
        (_("Consultations and legal-aid services"), lambda f: f.consultations.records, consultations,
         lambda links: links["records"]),
        (_("People who asked (person-times)"), lambda f: f.consultations.people, consultations,
         lambda links: links["people"]),
        (_("Outreach events held"), lambda f: f.outreach.events, events, lambda links: links["events"]),
        (_("People served at events (person-times)"), lambda f: f.outreach.people_served, events,
         lambda links: links["people_served"]),
    )
    table = Table("by_unit", _("Figures by unit"), [_("Unit")] + [label for label, *_rest in columns])
    lines = [(line.unit.name if line.subunits else _("%(name)s itself") % {"name": line.unit.name}, line)
             for line in figures.breakdown] + [(_("Total"), figures)]
    for label, line in lines:
        links = {cases: drilldown.filters(line), consultations: drilldown.consultation_filters(line),
                 events: drilldown.outreach_filters(line)}
        table.rows.append([Cell(label)] + [Cell(value(line), link(links[target]), target)
                                           for _l, value, target, link in columns])
    return table


def _percent(value):
    return "–" if value is None else value


def _or_dash(value):
    return "–" if value is None else value


def _counts(key, title, label_column, counts, labels, links):
    table = Table(key, title, [label_column, _("Cases")])
    table.rows = [[Cell(labels.get(code, code)), Cell(n, links[code])] for code, n in counts.items()]
    return table


def all_tables(figures: Figures, months):
    links = drilldown.filters(figures)
    status, category = dict(Status.choices), dict(Category.choices)
    tables = [
        headline(figures, links),
        by_unit(figures),
        _counts("by_status", _("Cases by status"), _("Status"), figures.by_status, status, links["by_status"]),
        _counts("by_category", _("Cases by category"), _("Category"), figures.by_category, category,
                links["by_category"]),
        _counts("by_channel", _("Cases by channel"), _("Channel"), figures.by_channel, dict(Channel.choices),
                links["by_channel"]),
        _counts("by_employment_form", _("Cases by employment form"), _("Employment form"), figures.by_employment_form,
                dict(EmploymentForm.choices), links["by_employment_form"]),
        _counts("by_outcome", _("Closed cases by outcome"), _("Outcome"), figures.by_outcome, dict(Outcome.choices),
                links["by_outcome"]),
        _counts("court_referred", _("Cases referred by a court"), _("Result"), figures.court_referred,
                COURT_OUTCOME_LABELS, links["court_referred"]),
        _monthly_categories(figures, months, category),
        _monthly_recovered(figures, months),
        people_served(figures),
        _consultations("consultations_by_channel", _("Consultations by channel"), _("Channel"), figures,
                       "by_channel", dict(ConsultationChannel.choices)),
        _consultations("consultations_by_topic", _("Consultations by topic"), _("Topic"), figures,
                       "by_topic", dict(Topic.choices)),
        outreach_by_kind(figures),
    ]
    return [table for table in tables if table is not None]


def people_served(figures: Figures):
    """The people served (person-times) and its three parts, each part linked to its records."""
    labels = {
        "workers_on_cases": _("Workers on cases"),
        "people_in_consultations": _("People who asked in consultations"),
        "people_at_events": _("People served at outreach events"),
    }
    table = Table("people_served", _("People served (person-times)"), [_("Part"), _("Person-times")])
    counts = figures.people_served
    for part, (target, filters) in drilldown.people_served_filters(figures).items():
        table.rows.append([Cell(labels[part]), Cell(counts[part], filters, target)])
    table.rows.append([Cell(_("Total")), Cell(counts["total"])])
    return table


def _consultations(key, title, label_column, figures, group, labels):
    links = drilldown.consultation_filters(figures)[group]
    table = Table(key, title, [label_column, _("Consultations"), _("People")])
    for code, counts in getattr(figures.consultations, group).items():
        table.rows.append([
            Cell(labels.get(code, code)),
            Cell(counts["records"], links[code]["records"], drilldown.CONSULTATIONS),
            Cell(counts["people"], links[code]["people"], drilldown.CONSULTATIONS),
        ])
    return table


def outreach_by_kind(figures: Figures):
    links = drilldown.outreach_filters(figures)["by_kind"]
    table = Table("outreach_by_kind", _("Outreach events by kind"),
                  [_("Kind"), _("Events"), _("People served"), _("Leaflets")])
    for kind in figures.outreach.by_kind:
        link = links[str(kind.kind)]
        table.rows.append([Cell(kind.name)] + [
            Cell(getattr(kind, name), link[name], drilldown.EVENTS) for name in drilldown.OUTREACH_COUNTS
        ])
    return table


def month_label(month):
    return chinese_month(month)


def _monthly_categories(figures, months, category_labels):
    table = Table("monthly_categories", _("Cases per month by category"),
                  [_("Month")] + [category_labels[c] for c in Category.values] + [_("Total")])
    for month, entry in months.items():
        row = [Cell(month_label(month))]
        row += [
            Cell(entry["by_category"][c], drilldown.month_filters(figures, month, category=c)) for c in Category.values
        ]
        row.append(Cell(entry["cases"], drilldown.month_filters(figures, month)))
        table.rows.append(row)
    return table


def _monthly_recovered(figures, months):
    table = Table("monthly_recovered", _("Amount recovered per month of registration"),
                  [_("Month"), _("Amount recovered (yuan)")])
    for month, entry in months.items():
        table.rows.append([
            Cell(month_label(month)),
            Cell(entry["recovered"], drilldown.month_filters(figures, month, recovered="true")),
        ])
    return table


def chart_data(figures: Figures, months):
    """What the three charts draw: cases per month by category, outcomes, recovered per month."""
    category_labels, outcome_labels = dict(Category.choices), dict(Outcome.choices)
    labels = [month_label(m) for m in months]
    return {
        "months": labels,
        "categories": [
            {"label": str(category_labels[c]), "data": [e["by_category"][c] for e in months.values()]}
            for c in Category.values
        ],
        "outcomes": {
            "labels": [str(outcome_labels[o]) for o in Outcome.values],
            "data": [figures.by_outcome[o] for o in Outcome.values],
        },
        "recovered": [float(e["recovered"]) for e in months.values()],
    }

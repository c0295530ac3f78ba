"""The annual report's opening, written from the data: the paragraph of the union's yearly summary
("组织开展……等活动*场次，服务职工****多人次，发放宣传单****余份，协调处理……纠纷*起") with each number
exact and in the rounded form a secretary pastes ("3400多"), then the figures the union reports
with last year beside this year and the change."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from casedesk.cases.choices import Category, Channel

from . import drilldown
from .stats import Figures
from .tables import Cell, Table

SENTENCE = gettext_noop(
    "Organised %(kinds)s and other activities, %(events)s events in all, serving workers %(people)s "
    "person-times, handing out %(leaflets)s leaflets, and mediated %(cases)s disputes of workers over "
    "%(categories)s and the like."
)
TOP_CATEGORIES = 2


def rounded(number, *, copies=False):
    """A count as the summary writes it: two leading digits and "多" (people) or "余" (copies) for
    what is left off; 12,345 reads 1.2万多. Under ten, and counts with nothing left off, stay exact."""
    if number < 10:
        return str(number)
    step = 10 ** (len(str(number)) - 2)
    floor = number // step * step
    text = str(floor) if floor < 10_000 else pgettext("ten thousand", "%(number)s ten-thousand") % {
        "number": f"{Decimal(floor) / 10_000:f}".rstrip("0").rstrip(".")}
    if floor == number:
        return text
    if copies:
        return pgettext("rounded copies", "%(number)s odd") % {"number": text}
    return pgettext("rounded count", "%(number)s odd") % {"number": text}


@dataclass
class Number:
    value: int
    rounded: str
    filters: dict | None  # the records behind it (None: the breakdown table on the page)
    target: str


@dataclass
class Paragraph:
    kinds: str
    categories: str
    numbers: dict  # events, people, leaflets, cases -> Number

    def text(self, *, exact=True):
        """The sentence as plain text, with the exact numbers or the rounded ones."""
        values = {k: str(n.value) if exact else n.rounded for k, n in self.numbers.items()}
        return _(SENTENCE) % {"kinds": self.kinds, "categories": self.categories, **values}

    def linked(self, url_of):
        """The sentence as HTML, each exact number a link (`url_of(number)` gives its URL)."""
        links = {
            key: format_html('<a href="{}" data-paragraph="{}">{}</a>', url_of(n), key, n.value)
            for key, n in self.numbers.items()
        }
        parts = {"kinds": conditional_escape(self.kinds), "categories": conditional_escape(self.categories), **links}
        return mark_safe(escape(_(SENTENCE)) % parts)


def paragraph(figures: Figures) -> Paragraph:
    outreach = drilldown.outreach_filters(figures)
    # None held: every active kind, as the figures list them (outreach.selectors.figures), read no more.
    kinds = figures.outreach.kinds_held() or [kind.name for kind in figures.outreach.by_kind]
    counts = {
        "events": (figures.outreach.events, outreach["events"], drilldown.EVENTS, False),
        "people": (figures.people_served["total"], None, drilldown.CASES, False),
        "leaflets": (figures.outreach.leaflets, outreach["leaflets"], drilldown.EVENTS, True),
        "cases": (figures.cases, figures.case_params, drilldown.CASES, False),
    }
    numbers = {key: Number(value, rounded(value, copies=copies), filters, target)
               for key, (value, filters, target, copies) in counts.items()}
    return Paragraph("、".join(kinds), _top_categories(figures), numbers)


def _top_categories(figures):
    labels = dict(Category.choices)
    ranked = sorted((n, -position, code) for position, (code, n) in enumerate(figures.by_category.items()) if n)
    top = [str(labels[code]) for _n, _position, code in reversed(ranked)][:TOP_CATEGORIES]
    if not top:
        return _("labour disputes")
    if len(top) == 1:
        return top[0]
    return pgettext("two things", "%(first)s and %(second)s") % {"first": top[0], "second": top[1]}


def comparison(this: Figures, last: Figures) -> Table:
    """The figures the union reports (DOMAIN.md), last year beside this year, and the change."""
    table = Table("comparison", _("This year beside last year"), [
        _("Figure"), str(last.period.first.year), str(this.period.first.year), _("Change"), _("Change (%)"),
    ])
    for label, pick, link in _rows():
        before, now = pick(last), pick(this)
        cells = [Cell(label)]
        for figures, value in ((last, before), (this, now)):
            filters, target = link(figures) if link else (None, drilldown.CASES)
            cells.append(Cell(value, filters, target) if value is not None else Cell("–"))
        cells += [Cell(_change(now, before)), Cell(_change_percent(now, before))]
        table.rows.append(cells)
    return table


def _cases(key, *path):
    def link(figures):
        tree = drilldown.filters(figures)[key]
        for step in path:
            tree = tree[step]
        return tree, drilldown.CASES
    return link


def _consulted(key):
    return lambda figures: (drilldown.consultation_filters(figures)[key], drilldown.CONSULTATIONS)


def _held(key):
    return lambda figures: (drilldown.outreach_filters(figures)[key], drilldown.EVENTS)


def _rows():
    category_labels, channel_labels = dict(Category.choices), dict(Channel.choices)
    rows = [(_("Cases registered"), lambda f: f.cases, _cases("cases")),
            (_("of which accepted"), lambda f: f.accepted_cases, _cases("accepted_cases"))]
    rows += [(_("Category: %(name)s") % {"name": category_labels[code]},
              lambda f, code=code: f.by_category[code], _cases("by_category", code)) for code in Category.values]
    rows += [(_("Channel: %(name)s") % {"name": channel_labels[code]},
              lambda f, code=code: f.by_channel[code], _cases("by_channel", code)) for code in Channel.values]
    rows += [
        (_("Workers served (person-times)"), lambda f: f.workers_served, _cases("workers_served")),
        (_("Amount recovered for workers (10,000 yuan)"), lambda f: f.recovered_10k, _cases("recovered_amount")),
        (_("Cases referred by a court"), lambda f: f.court_referred["total"], _cases("court_referred", "total")),
        (_("of which resolved by agreement"), lambda f: f.court_referred["agreed"],
         _cases("court_referred", "agreed")),
        (_("Share of ended court referrals resolved (%)"), lambda f: f.court_success_rate, None),
        (_("Collective disputes"), lambda f: f.collective_cases, _cases("collective_cases")),
        (_("Cases of workers in new forms of employment"), lambda f: f.platform_cases, _cases("platform_cases")),
        (_("Consultations and legal-aid services"), lambda f: f.consultations.records, _consulted("records")),
        (_("People who asked (person-times)"), lambda f: f.consultations.people, _consulted("people")),
        (_("Outreach events held"), lambda f: f.outreach.events, _held("events")),
        (_("People served at events (person-times)"), lambda f: f.outreach.people_served, _held("people_served")),
        (_("Leaflets handed out"), lambda f: f.outreach.leaflets, _held("leaflets")),
        (_("People served in all (person-times)"), lambda f: f.people_served["total"], None),
    ]
    return rows


def _change(now, before):
    if now is None or before is None:
        return "–"
    difference = now - before
    if isinstance(difference, Decimal):
        return f"{difference:+.2f}" if difference else "0.00"
    return f"{difference:+d}" if difference else "0"


def _change_percent(now, before):
    if now is None or not before:
        return "–"
    return f"{Decimal(100) * (Decimal(now) - Decimal(before)) / Decimal(before):+.1f}%"

"""PDF reports through the documents module's renderer (WeasyPrint, the desk's CJK font)."""

from django.utils import timezone

from casedesk.cases import clock
from casedesk.documents import pdf as documents_pdf
from casedesk.units import tree

from . import annual, svg, tables, timeline


def annual_report(period, figures, months, last):
    """The annual PDF under the name of the figures' unit: the summary's paragraph written from the data, this year beside `last`
    (last year's figures), then the charts and every table."""
    opening = annual.paragraph(figures)
    data = tables.chart_data(figures, months)
    months_short = [label.split("年")[-1] for label in data["months"]]
    charts = {
        "categories": svg.bars(months_short, [(c["label"], c["data"]) for c in data["categories"]], stacked=True),
        "outcomes": svg.bars(data["outcomes"]["labels"], [("", data["outcomes"]["data"])]),
        "recovered": svg.bars(months_short, [("", data["recovered"])]),
    }
    context = {
        **tree.letterhead(figures.unit),
        "period": period, "figures": figures, "tables": tables.all_tables(figures, months), "charts": charts,
        "generated_at": timezone.localtime(clock.now()), "paragraph_exact": opening.text(),
        "paragraph_rounded": opening.text(exact=False), "comparison": annual.comparison(figures, last),
    }
    return documents_pdf.render("reports/pdf/annual.html", context).data


def case_timeline(audit):
    context = {"case": audit.case, "timeline": audit, "items": timeline.merged(audit), "chain": timeline.chain_status(audit),
               "state_labels": timeline.STATE_LABELS, "generated_at": timezone.localtime(clock.now())}
    return documents_pdf.render("reports/pdf/timeline.html", context).data

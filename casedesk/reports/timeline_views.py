"""A case's timeline audit page, and its CSV and PDF exports."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from casedesk.cases import access
from casedesk.cases.labels import DEADLINES as DEADLINE_LABELS
from casedesk.cases.models import Case
from casedesk.web import formatting

from . import exports, timeline
from .views import pdf_available


def _audit(request, case_id, *, detailed=True):
    case = access.case_for(request.user, case_id, Case.objects.select_related("court_referral"))
    return timeline.build(case, detailed=detailed)


# Events and deadlines per page of the timeline; the exports hold them all.
TIMELINE_PAGE_SIZE = 200


@login_required
@timeline.collector_paused()
def timeline_page(request, case_id):
    audit = _audit(request, case_id, detailed=False)
    page = Paginator(timeline.merged(audit), TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    timeline.detail([item for kind, item in page.object_list if kind == "step"])  # the page's steps alone
    return render(request, "reports/timeline.html", {
        "timeline": audit, "items": page.object_list, "page": page, "chain": timeline.chain_status(audit),
        "state_labels": timeline.STATE_LABELS, "pdf_available": pdf_available(),
    })


def timeline_rows(audit):
    """The timeline as table rows: events and deadlines in time order, as on the page."""
    rows = []
    for kind, item in timeline.merged(audit):
        if kind == "step":
            event, span = item.event, item.span
            rows.append([
                timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"), _("Event"), event.seq, item.label,
                (event.actor.get_full_name() or event.actor.username) if event.actor else "",
                item.from_label, item.to_label, DEADLINE_LABELS.get(span.kind, "") if span else "",
                span.due.isoformat() if span else "", (_("Late") if item.late else _("On time")) if span else "",
                item.late_working_days if span else "", item.late_days if span else "",
                "；".join(f"{label}：{value}" for label, value in item.text.details), event.hash,
            ])
        else:
            rows.append([
                item.due.isoformat(), _("Deadline"), "", item.label, "", "", "", item.label, item.due.isoformat(),
                str(timeline.STATE_LABELS.get(item.state, item.state)), item.late_working_days, item.late_days,
                item.basis, "",
            ])
    return rows


CSV_COLUMNS = [
    gettext_noop("When"), gettext_noop("Type"), gettext_noop("Seq"), gettext_noop("What"), gettext_noop("Who"),
    gettext_noop("From"), gettext_noop("To"), gettext_noop("Deadline"), gettext_noop("Due"),
    gettext_noop("Assessment"), gettext_noop("Working days late"), gettext_noop("Days late"),
    gettext_noop("Data / legal basis"), gettext_noop("Hash"),
]


@login_required
@timeline.collector_paused()
def timeline_csv(request, case_id):
    audit = _audit(request, case_id)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    status = timeline.chain_status(audit)
    writer.writerow([_("Case number"), audit.case.number, _("Audit chain"),
                     _("intact") if status["intact"] else _("broken at event %(seq)s") % {"seq": status["broken_at"]}])
    writer.writerow([_(c) for c in CSV_COLUMNS])
    writer.writerows(timeline_rows(audit))
    exports.log_export(request.user, what="timeline", file_format="csv", case_ids=[audit.case.pk],
                       case=audit.case)
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    return formatting.attachment(response, _timeline_file(audit, ".csv"))


@login_required
def timeline_pdf(request, case_id):
    if not pdf_available():
        raise Http404
    from . import pdf

    audit = _audit(request, case_id)
    content = pdf.case_timeline(audit)
    exports.log_export(request.user, what="timeline", file_format="pdf", case_ids=[audit.case.pk],
                       case=audit.case)
    response = HttpResponse(content, content_type="application/pdf")
    return formatting.attachment(response, _timeline_file(audit, ".pdf"))


def _timeline_file(audit, suffix):
    return formatting.file_name(_("Timeline of case %(number)s") % {"number": audit.case.number}, suffix)

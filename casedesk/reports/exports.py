"""The case list as a table (Excel or CSV), each export logged as personal-data access."""

import csv
import io

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from casedesk.cases import access, selectors
from casedesk.cases.models import Applicant

CHUNK = 1000


def columns():
    return [
        _("Case number"), _("Registered on"), _("Status"), _("Category"), _("Channel"), _("Employer"),
        _("Applicants"), _("Workers"), _("Employment forms"), _("Collective"), _("Amount claimed (yuan)"),
        _("Mediator"), _("Outcome"), _("Amount recovered (yuan)"), _("Closed on"), _("Days to close"),
    ]


def case_rows(queryset, progress=None):
    """One list per case, in the order of `columns()`; calls progress(done, total) now and then."""
    queryset = queryset.select_related("respondent", "mediator").prefetch_related(
        Prefetch("applicants", queryset=Applicant.objects.order_by("position", "id"))
    ).order_by("submitted_at", "id")
    total = queryset.count()
    if progress:
        progress(0, total)
    for done, case in enumerate(queryset.iterator(chunk_size=CHUNK), start=1):
        yield case.pk, _row(case)
        if progress and (done % CHUNK == 0 or done == total):
            progress(done, total)


def _row(case):
    applicants = list(case.applicants.all())
    submitted = timezone.localdate(case.submitted_at)
    closed = timezone.localdate(case.closed_at) if case.closed_at else None
    forms = sorted({a.get_employment_form_display() for a in applicants})
    return [
        case.number, submitted, case.get_status_display(), case.get_category_display(), case.get_channel_display(),
        case.respondent.name, "、".join(a.name for a in applicants), case.applicant_count, "、".join(forms),
        _("Yes") if case.is_collective else _("No"), case.claimed_total,
        (case.mediator.get_full_name() or case.mediator.username) if case.mediator else "",
        case.get_outcome_display() if case.outcome else "",
        case.recovered_amount,
        closed, (closed - submitted).days if closed else None,
    ]


def write_csv(rows):
    """CSV text with a byte-order mark, so that Excel opens the Chinese right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(columns())
    ids = []
    for case_id, row in rows:
        ids.append(case_id)
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8"), ids


def log_export(user, *, what, file_format, case_ids, case=None, **detail):
    """One access-log row per export: who (user), when (the row's time), which cases (their ids); the
    export of one case's timeline names that case in the row's case column, as a view does."""
    if "filters" in detail:  # the search text may be an ID number or a phone: the log keeps it masked
        detail["filters"] = selectors.shown_filters(detail["filters"])
    access.log_personal_data_access(
        user, case, f"export_{what}", format=file_format, count=len(case_ids), case_ids=list(case_ids), **detail
    )

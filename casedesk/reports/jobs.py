"""Long report work as a background job with progress: on a Celery worker when
CASEDESK_BROKER_URL is set, else at once in the calling request (SQLite, no broker).

The worker's task (casedesk.reports.tasks.run_report_job) is queued by its name, RUN_TASK: this
module never imports the tasks, which import it."""

import logging
import pathlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from casedesk.cases import access, clock, selectors
from casedesk.celery import app as celery_app
from casedesk.consultations import access as consultation_access
from casedesk.consultations import exports as consultation_exports
from casedesk.consultations import selectors as consultation_selectors
from casedesk.web import formatting

from . import annual, exports, periods, stats, tables, workbook
from .models import ReportJob

log = logging.getLogger(__name__)

ANNUAL_WORKBOOK = "annual_workbook"
ANNUAL_PDF = "annual_pdf"
CASES_XLSX = "cases_xlsx"
CASES_CSV = "cases_csv"
RUN_TASK = "casedesk.reports.run_report_job"
CONSULTATIONS_XLSX = "consultations_xlsx"


def start(*, kind, params, user):
    """Create the job and set it going; returns it (already done when there is no broker)."""
    if kind not in RUNNERS:
        raise ValueError(f"unknown report job {kind!r}")
    if "filters" in params:  # the search text may be an ID number or a phone: stored encrypted
        params = {**params, "filters": selectors.sealed_filters(params["filters"])}
    job = ReportJob.objects.create(kind=kind, params=params, requested_by=user, created_at=clock.now())
    if settings.CASEDESK_BROKER_URL:
        transaction.on_commit(lambda: celery_app.send_task(RUN_TASK, args=[job.pk]))
    else:
        run(job.pk)
        job.refresh_from_db()
    return job


def run(job_id):
    """Carry out a waiting job; a job another worker already took is left alone."""
    if not ReportJob.objects.filter(pk=job_id, state=ReportJob.State.PENDING).update(state=ReportJob.State.RUNNING):
        return
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)

    def progress(done, total):
        ReportJob.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        filename, content = RUNNERS[job.kind](job, progress)
    except Exception as exc:
        log.exception("Report job %s (%s) failed", job_id, job.kind)
        ReportJob.objects.filter(pk=job_id).update(
            state=ReportJob.State.FAILED, error=str(exc)[:500], finished_at=clock.now()
        )
        return
    job.refresh_from_db()
    # Stored under a plain name; downloaded under the one users read (job.filename).
    job.result.save(f"job-{job.pk}{pathlib.PurePath(filename).suffix}", ContentFile(content), save=False)
    job.filename, job.state, job.finished_at = filename, ReportJob.State.DONE, clock.now()
    job.save(update_fields=["result", "filename", "state", "finished_at"])


def _annual_parts(job):
    """The year's figures of the job's unit (asked again whether the user may see them: a job made
    before a unit was chosen counts the user's own unit), its months, and last year's."""
    period = periods.year(int(job.params["year"]))
    unit = access.figures_unit(job.requested_by, job.params.get("unit", ""))
    figures = stats.figures_for(period, unit)
    months = stats.monthly(period, unit)
    last = stats.figures_for(periods.year(period.first.year - 1), unit, days_to_close=False)
    return period, figures, months, last


def _annual_workbook(job, progress):
    period, figures, months, last = _annual_parts(job)
    # The case rows are the cases counted: the unit's and below it (all of which its supervisor sees).
    counted = access.visible_cases(job.requested_by, stats.unit_cases(period, figures.unit))
    rows = exports.case_rows(counted, progress)
    title = _("Annual figures %(year)s") % {"year": period.first.year}
    sheets = tables.all_tables(figures, months) + [annual.comparison(figures, last)]
    content, ids = workbook.annual_workbook(title, sheets, rows, opening=annual.paragraph(figures),
                                            org_name=figures.unit.name)
    exports.log_export(job.requested_by, what="annual_workbook", file_format="xlsx", case_ids=ids,
                       year=period.first.year, job=job.pk)
    return _annual_name(figures.unit, period, ".xlsx"), content


def _annual_pdf(job, progress):
    from . import pdf

    period, figures, months, last = _annual_parts(job)
    progress(0, 1)
    content = pdf.annual_report(period, figures, months, last)  # under the unit's name
    progress(1, 1)
    return _annual_name(figures.unit, period, ".pdf"), content


def _annual_name(unit, period, suffix):
    return formatting.file_name(_("%(unit)s figures %(year)s") % {"unit": unit.name, "year": period.first.year},
                                suffix)


def _export_name(what, suffix):
    """An export's file, named for what it holds and the day it was made: 案件清单（2026年12月7日导出）.xlsx."""
    return formatting.file_name(_("%(what)s (exported %(day)s)") % {
        "what": what, "day": formatting.chinese_date(clock.today())}, suffix)


def _case_list(job):
    queryset = access.visible_cases(job.requested_by)
    return selectors.filter_cases(queryset, job.params.get("filters", {}))


def _cases_xlsx(job, progress):
    content, ids = workbook.case_list_workbook(exports.case_rows(_case_list(job), progress))
    exports.log_export(job.requested_by, what="cases", file_format="xlsx", case_ids=ids,
                       filters=job.params.get("filters", {}), job=job.pk)
    return _export_name(_("Case list"), ".xlsx"), content


def _cases_csv(job, progress):
    content, ids = exports.write_csv(exports.case_rows(_case_list(job), progress))
    exports.log_export(job.requested_by, what="cases", file_format="csv", case_ids=ids,
                       filters=job.params.get("filters", {}), job=job.pk)
    return _export_name(_("Case list"), ".csv"), content


def _consultations_xlsx(job, progress):
    filters = job.params.get("filters", {})
    listed = consultation_selectors.filter_consultations(
        consultation_access.visible_consultations(job.requested_by), filters)
    content, ids = workbook.list_workbook(_("Consultations"), consultation_exports.columns(),
                                          consultation_exports.rows(listed, progress))
    access.log_personal_data_access(job.requested_by, None, "export_consultations", format="xlsx", records=len(ids),
                                    consultation_ids=ids, filters=selectors.shown_filters(filters), job=job.pk)
    return _export_name(_("Consultation list"), ".xlsx"), content


RUNNERS = {
    ANNUAL_WORKBOOK: _annual_workbook,
    ANNUAL_PDF: _annual_pdf,
    CASES_XLSX: _cases_xlsx,
    CASES_CSV: _cases_csv,
    CONSULTATIONS_XLSX: _consultations_xlsx,
}

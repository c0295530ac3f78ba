"""Web pages of casedesk.reports: figures, annual report, case lists behind them, jobs, reminders."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import FileResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from casedesk.cases import access, clock, deadlines, roles, selectors
from casedesk.cases.errors import InvalidData
from casedesk.cases.labels import DEADLINES as DEADLINE_LABELS
from casedesk.consultations import access as consultation_access
from casedesk.consultations import selectors as consultation_selectors
from casedesk.outreach import selectors as outreach_selectors
from casedesk.units import tree
from casedesk.web.permissions import supervisor_required

from . import annual, filter_words, jobs, periods, stats, tables, watch
from .models import Reminder, ReportJob
from .templatetags.reports_tags import figure_url

EXPORT_KINDS = {"xlsx": jobs.CASES_XLSX, "csv": jobs.CASES_CSV}
ANNUAL_KINDS = {"xlsx": jobs.ANNUAL_WORKBOOK, "pdf": jobs.ANNUAL_PDF}
EXPORT_FORMATS = [("xlsx", _("Export these cases to Excel")), ("csv", _("Export these cases to CSV"))]


def pdf_available():
    try:
        from . import pdf  # noqa: F401  (needs casedesk.documents.pdf)
    except ImportError:
        return False
    return True


@login_required
def index(request):
    return render(request, "reports/index.html", {"is_supervisor": roles.is_supervisor(request.user)})


def _figures_context(period, unit, kinds=None):
    figures = stats.figures_for(period, unit, kinds=kinds)
    months = stats.monthly(period, unit)
    return {"period": period, "figures": figures, "tables": tables.all_tables(figures, months),
            "chart_data": tables.chart_data(figures, months)}


def _unit_choices(user):
    """The units whose figures `user` may ask for: their own and every unit below it (none to choose
    from in a unit with none below it)."""
    units = tree.subtree_units(tree.unit_of(user))
    return units if len(units) > 1 else []


@supervisor_required
def stats_page(request):
    today = clock.today()
    params = {"from": request.GET.get("from") or today.replace(month=1, day=1).isoformat(),
              "to": request.GET.get("to") or today.isoformat(), "unit": request.GET.get("unit", "")}
    context = {"form": params, "errors": {}, "export_formats": EXPORT_FORMATS,
               "units": _unit_choices(request.user)}
    try:
        unit = access.figures_unit(request.user, params["unit"])
        period = periods.parse_period(params)
        context.update(_figures_context(period, unit), annual_year=periods.single_year(period))
    except InvalidData as exc:
        context["errors"] = exc.fields
    return render(request, "reports/stats.html", context)


@supervisor_required
def annual_page(request):
    raw = request.GET.get("year") or str(clock.today().year)
    raw_unit = request.GET.get("unit", "")
    context = {"year": raw, "unit_param": raw_unit, "errors": {}, "pdf_available": pdf_available(),
               "units": _unit_choices(request.user), "years": periods.report_years()}
    try:
        unit = access.figures_unit(request.user, raw_unit)
        period = periods.parse_year(raw)
    except InvalidData as exc:
        context["errors"] = exc.fields
        return render(request, "reports/annual.html", context)
    # The kinds of outreach event once for both years (the year before is beside this one).
    kinds = outreach_selectors.kinds()
    context.update(_figures_context(period, unit, kinds), unit=unit)
    figures = context["figures"]
    last = stats.figures_for(periods.year(period.first.year - 1), unit, days_to_close=False, kinds=kinds)
    opening = annual.paragraph(figures)
    context.update(paragraph_html=opening.linked(_paragraph_url), paragraph_rounded=opening.text(exact=False),
                   comparison=[annual.comparison(figures, last)])
    return render(request, "reports/annual.html", context)


def _paragraph_url(number):
    """Where a number of the annual paragraph leads: its records, or the people-served breakdown."""
    if number.filters is None:
        return "#table-people_served"
    return figure_url(tables.Cell(number.value, number.filters, number.target))


@require_POST
@supervisor_required
def annual_export(request):
    kind = ANNUAL_KINDS.get(request.POST.get("format", ""))
    try:
        period = periods.parse_year(request.POST.get("year", ""))
        unit = access.figures_unit(request.user, request.POST.get("unit", ""))
    except InvalidData:
        return HttpResponseBadRequest()
    if kind is None or (kind == jobs.ANNUAL_PDF and not pdf_available()):
        return HttpResponseBadRequest()
    job = jobs.start(kind=kind, params={"year": period.first.year, "unit": unit.pk}, user=request.user)
    return redirect("reports:job", job.pk)


@supervisor_required
def cases_page(request):
    """The cases behind a figure: the case list's filters, with the total and an export."""
    queryset, error = selectors.list_queryset(request.user).select_related("unit"), None
    try:
        _check_unit(request.user, request.GET)
        queryset = selectors.filter_cases(queryset, request.GET).order_by("submitted_at", "id")
    except InvalidData as exc:
        queryset, error = queryset.none(), exc
    # What the figures count of these cases, so the list answers for the number that opened it.
    totals = queryset.aggregate(cases=Count("id"), workers=Sum("applicant_count"), recovered=Sum("recovered_amount"))
    paginator = Paginator(queryset, 50)
    paginator.count = totals["cases"]  # read with the sums: one query fewer
    filters = {k: v for k, v in request.GET.items() if k in selectors.FILTERS}
    return render(request, "reports/cases.html", {
        "page": paginator.get_page(request.GET.get("page")), "filter_error": error, "filters": filters,
        "described": [] if error else filter_words.describe(filters), "totals": totals,
        "query": urlencode(filters), "export_formats": EXPORT_FORMATS,
    })


def _check_unit(user, filters):
    """A unit named in the filters must be one whose figures the user may see (InvalidData if not)."""
    if filters.get("unit"):
        access.figures_unit(user, filters["unit"])


@require_POST
@supervisor_required
def export_cases(request):
    kind = EXPORT_KINDS.get(request.POST.get("format", ""))
    filters = {k: v for k, v in request.POST.items() if k in selectors.FILTERS}
    if kind is None:
        return HttpResponseBadRequest()
    try:
        _check_unit(request.user, filters)
        selectors.filter_cases(selectors.list_queryset(request.user), filters)
    except InvalidData:
        return HttpResponseBadRequest()
    job = jobs.start(kind=kind, params={"filters": filters}, user=request.user)
    return redirect("reports:job", job.pk)


@require_POST
@login_required
def export_consultations(request):
    """The consultations this user may see, under the list's filters, as an Excel file (logged)."""
    if not roles.is_desk_user(request.user):
        raise PermissionDenied
    filters = {k: v for k, v in request.POST.items() if k in consultation_selectors.FILTERS}
    try:
        consultation_selectors.filter_consultations(consultation_access.visible_consultations(request.user), filters)
    except InvalidData:
        return HttpResponseBadRequest()
    job = jobs.start(kind=jobs.CONSULTATIONS_XLSX, params={"filters": filters}, user=request.user)
    return redirect("reports:job", job.pk)


def _own_job(request, job_id):
    """The user's own job (for a supervisor, any job of a user of their unit or below it); another's
    answers 404, as a hidden case does."""
    jobs_seen = ReportJob.objects.all()
    if roles.is_supervisor(request.user):
        jobs_seen = jobs_seen.filter(Q(requested_by=request.user) | tree.members_q(tree.unit_of(request.user),
                                                                                   "requested_by"))
    else:
        jobs_seen = jobs_seen.filter(requested_by=request.user)
    return get_object_or_404(jobs_seen, pk=job_id)


@login_required
def job_page(request, job_id):
    return render(request, "reports/job.html", {"job": _own_job(request, job_id)})


@login_required
def job_progress(request, job_id):
    job = _own_job(request, job_id)
    download = reverse("reports:job-download", args=[job.pk]) if job.state == ReportJob.State.DONE else None
    return JsonResponse({"state": job.state, "done": job.done, "total": job.total, "percent": job.percent,
                         "error": job.error, "download": download})


@login_required
def job_download(request, job_id):
    job = _own_job(request, job_id)
    if job.state != ReportJob.State.DONE:
        raise PermissionDenied
    # The export was logged with its cases when it was made; each download of the file is logged too.
    file_format = job.filename.rsplit(".", 1)[-1]
    access.log_personal_data_access(request.user, None, "download_export", job=job.pk, format=file_format)
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.filename)


# The deadline page lists the soonest deadlines and counts up to a cap: a county with a backlog of
# thousands gets a page that loads, and the full list behind the count's link (reports:cases).
DEADLINE_ROWS = 200
DEADLINE_COUNT_CAP = 1000


@login_required
def overdue_page(request):
    if not roles.is_desk_user(request.user):
        raise PermissionDenied
    work = watch.due_work(request.user, limit=DEADLINE_ROWS)
    overdue_count, at_risk_count = watch.bounded_counts(request.user, DEADLINE_COUNT_CAP)
    return render(request, "reports/overdue.html", {
        "groups": watch.by_mediator(work), "overdue_count": min(overdue_count, DEADLINE_COUNT_CAP),
        "overdue_more": overdue_count > DEADLINE_COUNT_CAP, "at_risk_count": min(at_risk_count, DEADLINE_COUNT_CAP),
        "at_risk_more": at_risk_count > DEADLINE_COUNT_CAP, "shown": len(work),
        "cut": len(work) == DEADLINE_ROWS and overdue_count + at_risk_count > DEADLINE_ROWS, "today": clock.today(),
        "due_soon_days": deadlines.due_soon_working_days(),
        # The cases behind the count: the figures' list for a supervisor, the desk's list for the others
        # (the figures' list is a supervisor's page).
        "overdue_url": f"{reverse('reports:cases' if roles.is_supervisor(request.user) else 'desk:cases')}?overdue=true",
    })


@login_required
def reminders_page(request):
    if request.method == "POST":
        Reminder.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=clock.now())
        return redirect("reports:reminders")
    reminders = Reminder.objects.filter(recipient=request.user).select_related("case")
    page = Paginator(reminders, 50).get_page(request.GET.get("page"))
    return render(request, "reports/reminders.html", {"page": page, "deadline_labels": DEADLINE_LABELS})

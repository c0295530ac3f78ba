"""The supervisors' holiday calendar: the years loaded, and a form to enter the next one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casedesk.cases import calendar, calendar_schedule, clock, roles
from casedesk.cases.errors import InvalidData
from casedesk.cases.models import CalendarDay, CalendarRevision, CalendarYear

from ..calendar_form import CalendarYearForm
from .errors import forbidden

HISTORY_ROWS = 20


@login_required
def calendar_page(request):
    if not roles.is_supervisor(request.user):
        return forbidden(request)
    form = CalendarYearForm(request.POST or None, initial={"year": clock.today().year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            loaded = _load(form, request.user)
        except InvalidData as exc:
            _show_errors(form, exc.fields)
        else:
            messages.success(request, _("The %(year)d schedule is loaded: %(moved)d open deadlines moved.") % {
                "year": loaded.revision.year, "moved": len(loaded.moves)})
            return redirect("desk:calendar")
    status = 400 if form.is_bound else 200
    return render(request, "desk/calendar.html", _context(form), status=status)


def _load(form, user):
    payload = form.payload()
    schedule = calendar_schedule.parse(payload)
    return calendar_schedule.load(schedule, actor=user, replace=form.cleaned_data["replace"])


def _show_errors(form, fields):
    for path, messages_ in fields.items():
        name = path.split(".")[0]
        form.add_error(name if name in form.fields else None, messages_)
    if "year" in fields and calendar_schedule.already_loaded(form.cleaned_data.get("year")):
        form.fields["replace"].widget.attrs["autofocus"] = True


def _context(form):
    return {
        "form": form,
        "years": _year_rows(),
        "revisions": CalendarRevision.objects.select_related("loaded_by")[:HISTORY_ROWS],
        "next_year": clock.today().year + 1,
    }


def _year_rows():
    """Each loaded year, newest first, with how many holidays and working weekend days it lists."""
    counts = (
        CalendarDay.objects.annotate(year=ExtractYear("date")).values("year", "is_working")
        .annotate(days=Count("date")).order_by()
    )
    listed = {(row["year"], row["is_working"]): row["days"] for row in counts}
    return [
        {"year": y.year, "source": calendar.source_label(y.source), "holidays": listed.get((y.year, False), 0),
         "workdays": listed.get((y.year, True), 0)}
        for y in CalendarYear.objects.order_by("-year")
    ]

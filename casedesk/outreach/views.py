"""The desk's pages of outreach events: the log with its filters, recording an event, one event."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casedesk.cases import roles
from casedesk.cases.errors import InvalidData
from casedesk.web import pages

from . import access, selectors, services
from .forms import EventForm, StaffForm
from .models import EventKind

PAGE_SIZE = 30
STAFF_ROWS = 4


def forbidden(request):
    return render(request, "desk/403.html", status=403)


@login_required
def event_list(request):
    if not roles.is_desk_user(request.user):
        return forbidden(request)
    events, error = access.visible_events(request.user), None
    try:
        events = selectors.filter_events(events, request.GET)
    except InvalidData as exc:
        events, error = events.none(), exc
    totals = events.aggregate(people=Sum("people_served"), leaflets=Sum("leaflets"))
    events = events.select_related("kind").prefetch_related("staff")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "outreach/event_list.html", {
        "page": page, "filter_error": error, "query": query.urlencode(), "totals": totals,
        "kinds": EventKind.objects.all(), "selected_kinds": request.GET.get("kind", "").split(","),
    })


class EventPage:
    """The event form and its staff rows, bound to one POST (or empty for a new page)."""

    def __init__(self, data=None):
        self.event = pages.on_page(EventForm(data))
        self.event.fields["people_served"].help_text = _(
            "Person-times. Consultations recorded at the event are counted with the consultations.")
        self.staff = [pages.on_page(StaffForm(data, prefix=f"staff-{n}")) for n in range(STAFF_ROWS)]
        for form in self.staff:
            form.fields["name"].required = False  # on the page: a row left empty is no one
            form.fields["user"].empty_label = "—"
        self._rows = []

    def service_data(self):
        data = pages.typed(self.event)
        # A row is someone once it has a name or a desk user; a row with only a role is no one.
        self._rows = [form for form in self.staff if pages.typed(form).get("name") or pages.typed(form).get("user")]
        data["staff"] = [pages.typed(form) for form in self._rows]
        return data

    def put_errors(self, fields):
        for path, messages_ in fields.items():
            head, _dot, rest = path.partition(".")
            if head == "staff" and rest:
                position, _dot, name = rest.partition(".")
                if position.isdigit() and int(position) < len(self._rows):
                    pages.put_error(self._rows[int(position)], name, messages_)
                    continue
            pages.put_error(self.event, head, messages_)


@login_required
def event_new(request):
    if not roles.is_desk_user(request.user):
        return forbidden(request)
    if request.method != "POST":
        return render(request, "outreach/event_form.html", {"page": EventPage()})
    page = EventPage(request.POST)
    try:
        event = services.record_event(actor=request.user, data=page.service_data())
    except InvalidData as exc:
        page.put_errors(exc.fields)
        return render(request, "outreach/event_form.html", {"page": page, "has_errors": True})
    messages.success(request, _("The event is recorded."))
    return redirect("outreach:event", event_id=event.pk)


@login_required
def event_detail(request, event_id):
    events = access.visible_events(request.user).select_related("kind", "recorded_by")
    event = get_object_or_404(events, pk=event_id)
    staff = event.staff.select_related("user")
    return render(request, "outreach/event_detail.html", {"event": event, "staff": staff})

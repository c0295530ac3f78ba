"""The desk's pages of consultations: the quick form, the list with filters and export, one consultation."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from casedesk.cases import clock, roles
from casedesk.cases.access import visible_cases
from casedesk.cases.choices import EmploymentForm
from casedesk.cases.errors import InvalidData
from casedesk.outreach.access import visible_events
from casedesk.web import pages

from . import access, selectors, services
from .choices import ConsultationChannel, Topic
from .forms import ConsultationForm
from .models import Consultation

PAGE_SIZE = 30
RECENT = 5
EVENTS_OFFERED_DAYS = 60  # the quick form offers the events of the last two months


def forbidden(request):
    return render(request, "desk/403.html", status=403)


def quick_form(actor, data=None):
    """The consultation form laid out for speed: choices as buttons, the question first."""
    form = pages.on_page(ConsultationForm(data, actor=actor))
    form.fields["channel"].widget = forms.RadioSelect(choices=ConsultationChannel.choices)
    form.fields["topic"].widget = forms.RadioSelect(choices=Topic.choices)
    form.fields["question"].widget.attrs.update({"rows": 3, "autofocus": True})
    form.fields["answer"].widget.attrs.update({"rows": 3})
    form.fields["people"].widget.attrs.update({"min": 1})
    form.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
    form.fields["name"].widget.attrs.update({"autocomplete": "off"})
    recent = clock.today() - datetime.timedelta(days=EVENTS_OFFERED_DAYS)
    form.fields["event"].queryset = visible_events(actor).filter(held_on__gte=recent).select_related("kind")
    form.fields["event"].label_from_instance = lambda e: f"{e.held_on:%Y-%m-%d} {e.kind.name} · {e.place}"
    return form


def _last_channel(user):
    """The channel this user recorded last: the hotline desk keeps taking calls."""
    last = Consultation.objects.filter(recorded_by=user).order_by("-recorded_at", "-id").first()
    return last.channel if last else ConsultationChannel.WALK_IN


def _quick_page(request, form, status=200):
    recent = access.visible_consultations(request.user).filter(recorded_by=request.user)
    return render(request, "consultations/quick_form.html", {
        "form": form, "recent": recent.order_by("-recorded_at", "-id")[:RECENT],
    }, status=status)


@login_required
def consultation_new(request):
    if not roles.is_desk_user(request.user):
        return forbidden(request)
    if request.method != "POST":
        form = quick_form(request.user)
        form.initial = {"channel": _last_channel(request.user), "people": 1,
                        "asked_at": timezone.localtime(clock.now()).replace(second=0, microsecond=0)}
        return _quick_page(request, form)
    form = quick_form(request.user, request.POST)
    try:
        consultation = services.record_consultation(actor=request.user, data=pages.typed(form))
    except InvalidData as exc:
        for name, messages_ in exc.fields.items():
            pages.put_error(form, name, messages_)
        return _quick_page(request, form)
    messages.success(request, _("Consultation recorded (%(topic)s, %(people)s people).") % {
        "topic": consultation.get_topic_display(), "people": consultation.people})
    return redirect("consultations:new")


@login_required
def consultation_list(request):
    if not roles.is_desk_user(request.user):
        return forbidden(request)
    consultations, error = access.visible_consultations(request.user), None
    try:
        consultations = selectors.filter_consultations(consultations, request.GET)
    except InvalidData as exc:
        consultations, error = consultations.none(), exc
    totals = consultations.aggregate(people=Sum("people"))
    page = Paginator(consultations.select_related("recorded_by", "event__kind"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filters = {k: v for k, v in request.GET.items() if k in selectors.FILTERS}
    return render(request, "consultations/list.html", {
        "page": page, "filter_error": error, "query": query.urlencode(), "filters": filters, "totals": totals,
        "channels": ConsultationChannel.choices, "topics": Topic.choices, "forms": EmploymentForm.choices,
    })


@login_required
def consultation_detail(request, consultation_id):
    consultations = access.visible_consultations(request.user).select_related("recorded_by", "case", "event__kind")
    consultation = get_object_or_404(consultations, pk=consultation_id)
    access.log_contact_view(request.user, consultation)
    case_visible = consultation.case_id and visible_cases(request.user).filter(pk=consultation.case_id).exists()
    return render(request, "consultations/detail.html", {
        "consultation": consultation, "phone": access.contact_phone(request.user, consultation),
        "case_visible": case_visible, "may_convert": roles.is_desk_user(request.user),
    })

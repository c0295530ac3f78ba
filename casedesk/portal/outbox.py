"""The desk's outbox (发件箱): every message to workers who applied online, whatever the backend did with
it, for the supervisors of the units whose cases they are about."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casedesk.cases import access
from casedesk.web.permissions import supervisor_required

from .models import Message

PAGE_SIZE = 50


def messages_for(user):
    """The messages about the cases `user` may see (a supervisor: their unit's and the units' below it),
    newest first."""
    return (Message.objects.filter(application__case__in=access.visible_cases(user))
            .select_related("application__case").order_by("-sent_at", "-id"))


@require_GET
@supervisor_required
def outbox(request):
    page = Paginator(messages_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/outbox.html", {"page": page})

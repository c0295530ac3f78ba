"""The supervisor's pages: who is carrying how much, and what is late."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from casedesk.cases import deadlines, roles
from casedesk.web.permissions import supervisor_required

from .. import queues
from ..case_page import action_form
from .errors import forbidden

PAGE_SIZE = 50


@supervisor_required
def assignment_board(request):
    waiting = list(queues.unassigned_cases(request.user))
    return render(request, "desk/board.html", {
        "mediators": queues.mediator_load(),
        "waiting": [(case, action_form("assign", case, id_prefix=f"{case.pk}_")) for case in waiting],
    })


@login_required
def overdue_list(request):
    if not roles.is_desk_user(request.user):
        return forbidden(request)
    page = Paginator(queues.deadline_cases(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "desk/overdue.html", {"page": page, "due_soon_days": deadlines.due_soon_working_days()})

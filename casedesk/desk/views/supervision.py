"""The supervisor's pages: who is carrying how much, and what is late."""

from django.shortcuts import render

from casedesk.web.permissions import supervisor_required

from .. import queues
from ..case_page import action_form


@supervisor_required
def assignment_board(request):
    waiting = list(queues.unassigned_cases(request.user))
    return render(request, "desk/board.html", {
        "mediators": queues.mediator_load(),
        "waiting": [(case, action_form("assign", case, id_prefix=f"{case.pk}_")) for case in waiting],
    })


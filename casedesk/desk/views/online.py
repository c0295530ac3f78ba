"""The 网上申请 queue: the online applications awaiting acceptance that this user reviews (casedesk.portal.review).

Registering one is accepting it, declining one rejecting it: both on the case page, through the one
transition service; asking the worker for more is a step on the same page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from casedesk.cases import deadlines, labels, roles
from casedesk.portal import review

PAGE_SIZE = 20


def acceptance_deadline(case):
    """The acceptance deadline of `case` as the case page and /track/ give it (None if it has none)."""
    return next((d for d in deadlines.case_deadlines(case) if d.kind == deadlines.ACCEPTANCE), None)


@login_required
def online_applications(request):
    if roles.role_of(request.user) is None:
        raise PermissionDenied
    page = Paginator(review.queue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"case": case, "application": case.online_application, "deadline": acceptance_deadline(case)}
            for case in page]
    return render(request, "desk/online_applications.html", {
        "page": page, "rows": rows, "deadline_label": labels.DEADLINES[deadlines.ACCEPTANCE],
        "may_decline": roles.is_supervisor(request.user),
    })

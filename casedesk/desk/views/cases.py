"""Finding cases, the case page, and the actions taken from it.

A refused action (bad data, not permitted, wrong state) answers the case page again with that
action's form open, what was typed and the reason, with the refusal's status: 400, 403 or 409, the
same the API gives (casedesk.cases.errors). Nothing changed, so reloading or going back is safe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from casedesk.cases import access, corrections, labels, roles, selectors, steps, transitions
from casedesk.cases.choices import Category, Channel, Status
from casedesk.cases.errors import CaseError, InvalidData
from casedesk.cases.transition_forms import mediators
from casedesk.units import tree
from casedesk.web.paging import BoundedPaginator

from ..case_page import PAGE_STEPS, action_data, action_form, render_case_page, session_form, step_form
from ..correction_form import CorrectionPageForm, NewApplicantPageForm
from ..labels import DONE
from ..task_steps import CHECKLIST

PAGE_SIZE = 20
# The list counts up to this many ("more than 1000 cases") and pages as far: a filter or the figures
# (the statistics page counts exactly) serve what lies beyond, and a count never reads a million rows.
COUNT_CAP = 1000


@login_required
def case_list(request):
    queryset, error = selectors.list_queryset(request.user), None
    try:
        queryset = selectors.filter_cases(queryset, request.GET)
    except InvalidData as exc:
        queryset, error = queryset.none(), exc
    page = BoundedPaginator(queryset.prefetch_related("applicants"), PAGE_SIZE, cap=COUNT_CAP).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "desk/case_list.html", {
        "page": page, "filter_error": error, "query": query.urlencode(),
        "statuses": Status.choices, "categories": Category.choices, "channels": Channel.choices,
        "mediators": (mediators().filter(tree.members_q(tree.unit_of(request.user), ""))
                      if roles.role_of(request.user) != roles.VOLUNTEER else None),
    })


@login_required
def case_detail(request, case_id):
    return render_case_page(request, case_id)


def _back(request, case):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("desk:case", case_id=case.pk)


@login_required
@require_POST
def case_action(request, case_id, name):
    case = access.case_for(request.user, case_id)
    if name not in transitions.names():
        raise Http404
    data = action_data(name, request.POST)
    try:
        transitions.perform(case, name, request.user, **data)
    except CaseError as exc:
        fields = exc.fields or {"__all__": [str(exc.message)]}
        return render_case_page(request, case_id, failed_action=(name, action_form(name, case, data, fields)),
                                status=exc.http_status)
    messages.success(request, DONE % {"action": labels.action_button(name)})
    if not access.can_see(request.user, case):
        # A volunteer who registered an online application: it is the mediators' work now.
        return redirect("desk:online-applications" if roles.is_online_application(case) else "desk:cases")
    return _back(request, case)


@login_required
@require_POST
def case_session(request, case_id):
    return _record_step(request, case_id, "record_session")


@login_required
@require_POST
def case_step(request, case_id, name):
    """A step the case page offers in a form of its own (casedesk.desk.case_page.PAGE_STEPS, and the
    checklist of casedesk.desk.task_steps)."""
    if name not in PAGE_STEPS and name not in CHECKLIST:
        raise Http404
    return _record_step(request, case_id, name)


def _record_step(request, case_id, name):
    """Take step `name` from its form on the case page; refused: the page again, with the form's errors
    (or the reason on top when the step is not offered) and the refusal's status."""
    case = access.case_for(request.user, case_id)
    form_class = steps.step(name).form
    data = {key: request.POST[key] for key in form_class.base_fields if key in request.POST}
    try:
        steps.record(case, name, request.user, **data)
    except CaseError as exc:
        if not exc.fields:
            return render_case_page(request, case_id, page_error=[exc.message], status=exc.http_status)
        if name == "record_session":
            failed = {"failed_session": session_form(case, data, exc.fields)}
        else:
            failed = {"failed_step": (name, step_form(name, case, data, exc.fields, user=request.user))}
        return render_case_page(request, case_id, status=exc.http_status, **failed)
    messages.success(request, DONE % {"action": labels.event_label(name)})
    if not access.can_see(request.user, case):
        return redirect("desk:cases")  # transferred out of what this user sees
    return redirect("desk:case", case_id=case.pk)


@login_required
@require_POST
def case_correction(request, case_id):
    case = access.case_for(request.user, case_id)
    adding = request.POST.get("who") == corrections.NEW_APPLICANT  # a worker missing from the case
    page_form = NewApplicantPageForm if adding else CorrectionPageForm
    try:
        steps.record(case, "correct_party", request.user, **page_form.service_data(request.POST))
    except CaseError as exc:
        if not exc.fields:
            return render_case_page(request, case_id, page_error=[exc.message], status=exc.http_status)
        if adding:
            return render_case_page(request, case_id, status=exc.http_status,
                                    failed_new_applicant=NewApplicantPageForm.refused(request.POST, exc.fields))
        return render_case_page(request, case_id, status=exc.http_status,
                                failed_correction=CorrectionPageForm.refused(case, request.POST, exc.fields))
    messages.success(request, DONE % {"action": labels.event_label("correct_party")})
    return redirect("desk:case", case_id=case.pk)

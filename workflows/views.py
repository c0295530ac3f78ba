"""Every step has one screen: the case page. viewflow's own pages are not served; an address of
theirs (a bookmark, an old link in a mail, the dashboard) leads to the desk instead.

- a task's address (`/workflow/mediation/<process>/<node>/<task>/…`): the case page with that task's
  forms open, or, when the case has moved on, with a note that the step is already done;
- a process's address: the case page;
- anything else (viewflow's dashboard, inbox, queue, chart): the desk's list of the user's tasks.

A process or task of a case the user may not see answers 404, as a case that does not exist.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from casedesk.cases import access

from . import addresses


@login_required
def old_address(request, process_pk=None, task_pk=None, **rest):
    """An address of viewflow's (workflows.urls): the case page of its process (with its task), or the task list."""
    if process_pk is None:
        return redirect(reverse("desk:tasks"))
    named = addresses.case_and_task_of(process_pk, task_pk)
    if named is None:
        raise Http404
    case_id, task_id = named
    access.case_for(request.user, case_id)  # 404 for a case this user may not see
    return redirect(addresses.case_page_url(case_id, task_id))


def to_case_page(request, process_pk=None, task_pk=None, **kwargs):
    """The view of every human task of the flows: never mounted (workflows.urls), it would send the
    user to the case page, where the task is done."""
    named = addresses.case_and_task_of(process_pk, task_pk) if process_pk else None
    if named is None:
        raise Http404
    return redirect(addresses.case_page_url(*named))

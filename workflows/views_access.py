"""The workflow pages answer 404 for a process or task of a case the user may not see.

viewflow answers 403 there, and finds a task by its own pk whatever process the URL names;
a 403 for a hidden case and a 404 for a missing one would tell that the case exists
(DESIGN.md "Roles"). Anonymous visitors pass through, to viewflow's login redirect.
"""

from functools import wraps

from django.http import Http404
from django.urls import URLPattern, URLResolver
from viewflow.workflow.models import Task

from casedesk.cases import access

from .models import CaseProcess


def check_visible(user, process_pk, task_pk=None):
    """Http404 unless the process exists, its case is visible to `user`, and the task is the process's."""
    case_id = CaseProcess.objects.filter(pk=process_pk).values_list("artifact_object_id", flat=True).first()
    if case_id is None or not access.visible_cases(user).filter(pk=case_id).exists():
        raise Http404
    if task_pk is not None and not Task.objects.filter(pk=task_pk, process_id=process_pk).exists():
        raise Http404


def hidden_case_answers_404(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.user.is_authenticated and "process_pk" in kwargs:
            check_visible(request.user, kwargs["process_pk"], kwargs.get("task_pk"))
        return view(request, *args, **kwargs)

    return guarded


def guard_process_pages(patterns):
    """Wrap every view of `patterns` (recursively) whose URL names a process."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            guard_process_pages(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and "process_pk" in str(pattern.pattern):
            pattern.callback = hidden_case_answers_404(pattern.callback)
    return patterns

"""Where the desk does a task: the case page, opened for it (`?task=<task>#task`); and which case and
task an address of viewflow's names."""

from django.urls import reverse
from viewflow.workflow.models import Task

from .models import CaseProcess

# The anchor of the task's panel on the case page (casedesk/desk/task_steps.py, its template).
ANCHOR = "task"


def case_page_url(case_id, task_id=None):
    """The case page; with a task, that task's forms open (the page scrolls to them)."""
    url = reverse("desk:case", args=[case_id])
    return f"{url}?task={task_id}#{ANCHOR}" if task_id else url


def case_and_task_of(process_id, task_id=None):
    """(case id, task id or None) that a viewflow address names, or None when it names nothing."""
    case_id = CaseProcess.objects.filter(pk=process_id).values_list("artifact_object_id", flat=True).first()
    if case_id is None:
        return None
    if task_id is not None and not Task.objects.filter(pk=task_id, process_id=process_id).exists():
        return None
    return int(case_id), task_id

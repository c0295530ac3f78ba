"""The tasks a user may act on now: the desk's "my tasks" list (and the counts on home).

    for task in open_tasks_for(request.user):
        task.title                 # what to do, e.g. 「决定是否受理」 (the node's title, translated)
        task.process.artifact      # the Case (prefetched); also case_of(task)
        url_of(task)               # where to do it: the case page, that step's form open
        task.status == "ASSIGNED"  # already the user's; "NEW": in the role's queue, free to take
        task.created               # when it came up

Only tasks on cases the user may see (casedesk.cases.access) are listed, oldest first: a work queue,
whose first rows are what has waited longest.

Every step has one screen, the case page: a task is done there with the forms of the transitions or
steps it stands for (`task_on_case`), and workflows.sync completes the task once the change
commits. viewflow's own task pages are not served (workflows.urls).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casedesk.cases import access, labels
from casedesk.cases.models import Case

from .addresses import case_page_url
from .models import CaseProcess
from .nodes import HUMAN, OPEN


def open_tasks_for(user):
    from .flows import MediationFlow

    if not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    mine = Q(owner=user, status=STATUS.ASSIGNED)
    free = Q(owner__isnull=True, status=STATUS.NEW, owner_permission__in=user.get_all_permissions())
    visible = access.visible_cases(user).values("pk")
    return (
        Task.objects.filter(process__flow_class=MediationFlow, flow_task_type=HUMAN)
        .filter(mine | free)
        # With the content type, viewflow's (artifact_content_type, artifact_object_id) index finds the
        # processes of the visible cases; without it every process was read (a county's supervisor
        # scanned the province's 100,000 processes for its 2,000).
        .filter(process__artifact_content_type=ContentType.objects.get_for_model(Case),
                process__artifact_object_id__in=visible)
        .select_related("process", "owner")
        # The cases with their employer as registered (the list shows it): one query, not one a task.
        .prefetch_related(GenericPrefetch("process__artifact", [Case.objects.select_related("respondent")]))
        # workflows_open_human_task_idx (created DESC, id DESC), read backwards.
        .order_by("created", "pk")
    )


def case_of(task):
    return task.process.artifact


def url_of(task):
    return case_page_url(task.process.artifact_object_id, task.pk)


@dataclass(frozen=True)
class TaskOnCase:
    """A task of a case, as the case page shows it."""

    pk: int
    title: str  # the node's title, as the inbox names it
    names: tuple  # the transitions and steps that do it (casedesk.cases.transitions / steps)
    is_open: bool  # False: done, or cancelled because the case moved on
    missed: str = ""  # a review of an overdue case: the deadline that was missed


def _describe(task):
    node = task.flow_task
    return TaskOnCase(
        pk=task.pk, title=str(node.task_title or node.name), names=tuple(getattr(node, "done_by", ()) or ()),
        is_open=task.status in OPEN, missed=str(labels.DEADLINES.get((task.data or {}).get("deadline"), "")),
    )


def task_on_case(case, task_id):
    """The human task `task_id` of `case`'s process, or None (no such task, or another case's)."""
    try:
        task_id = int(task_id)
    except (TypeError, ValueError):
        return None
    task = (
        Task.objects.filter(pk=task_id, flow_task_type=HUMAN, process__in=CaseProcess.for_case(case.pk))
        .select_related("process").first()
    )
    if task is None or not hasattr(task.flow_task, "done_by"):
        return None
    return _describe(task)


def open_tasks_on_case(case):
    """The open human tasks of `case` (whoever's), oldest first."""
    tasks = Task.objects.filter(
        process__in=CaseProcess.for_case(case.pk), flow_task_type=HUMAN, status__in=OPEN,
    ).order_by("pk")
    return [_describe(task) for task in tasks if hasattr(task.flow_task, "done_by")]

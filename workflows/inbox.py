"""The tasks a user may act on now: the desk's "my tasks" list (and the counts on home).

    for task in open_tasks_for(request.user):   # every one
        task.title                 # what to do, e.g. 「决定是否受理」 (the node's title, translated)
        task.artifact              # the Case (prefetched); also case_of(task)
        url_of(task)               # where to do it: the case page, that step's form open
        task.status == "ASSIGNED"  # already the user's; "NEW": in the role's queue, free to take
        task.created               # when it came up

Only tasks on cases the user may see (casedesk.cases.access) are listed, oldest first: a work queue,
whose first rows are what has waited longest. A page of them is cut from their ids, which the database
finds from an index alone, and only that page's rows are read:

    tasks_in_order(open_task_ids(user)[:9])   # home's first nine

Every step has one screen, the case page: a task is done there with the forms of the transitions or
steps it stands for (`task_on_case`), and workflows.sync completes the task once the change
commits. viewflow's own task pages are not served (workflows.urls).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q
from viewflow.workflow.status import STATUS

from casedesk.cases import access, labels
from casedesk.cases.models import Case

from .addresses import case_page_url
from .models import CaseProcessTask
from .nodes import HUMAN, OPEN


def open_task_ids(user):
    """The ids of the user's open tasks, oldest first: to count them and cut a page (`tasks_in_order`).

    Found by the cases the user sees: each task points to its case (models.CaseProcessTask), and
    workflows_open_case_task_idx (migration 0003) holds the open human tasks by case with every column this
    query reads, so that each visible case costs one lookup in the index and no read of a task or process
    row (bench/README.md, "An eleventh pass"). For whoever sees most of the desk (a province's supervisor)
    the first ones come sooner walking every open task in order (migration 0002's index); PostgreSQL
    chooses, by how many of the visible cases' tasks it expects the user may take (0003's statistic)."""
    if not getattr(user, "is_authenticated", False):
        return CaseProcessTask.objects.none().values_list("pk", flat=True)
    mine = Q(owner=user, status=STATUS.ASSIGNED)
    free = Q(owner__isnull=True, status=STATUS.NEW, owner_permission__in=user.get_all_permissions())
    visible = access.visible_cases(user).values("pk")
    return (
        CaseProcessTask.for_cases(visible).filter(flow_task_type=HUMAN).filter(mine | free)
        .order_by("created", "pk").values_list("pk", flat=True)
    )


def tasks_in_order(ids):
    """The tasks `ids` (a cut of open_task_ids, or a list), oldest first, each with its owner and its case,
    the case with its employer as registered (the list shows it): a query each, not one a task."""
    return (
        CaseProcessTask.objects.filter(pk__in=ids).select_related("owner")
        .prefetch_related(GenericPrefetch("artifact", [Case.objects.select_related("respondent")]))
        .order_by("created", "pk")
    )


def open_tasks_for(user):
    """Every open task of the user, oldest first (a page of them: tasks_in_order of a cut of open_task_ids)."""
    return tasks_in_order(open_task_ids(user))


def case_of(task):
    return task.artifact


def url_of(task):
    return case_page_url(task.artifact_object_id, task.pk)


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
    task = CaseProcessTask.for_cases([case.pk]).filter(pk=task_id, flow_task_type=HUMAN).first()
    if task is None or not hasattr(task.flow_task, "done_by"):
        return None
    return _describe(task)


def open_tasks_on_case(case):
    """The open human tasks of `case` (whoever's), oldest first."""
    tasks = CaseProcessTask.for_cases([case.pk]).filter(flow_task_type=HUMAN, status__in=OPEN).order_by("created", "pk")
    return [_describe(task) for task in tasks if hasattr(task.flow_task, "done_by")]

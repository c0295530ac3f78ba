"""The tasks a user may act on now: the desk's "my tasks" list (and the counts on home).

    for task in open_tasks_for(request.user):
        task.title                 # what to do, e.g. 「决定是否受理」 (the node's title, translated)
        task.process.artifact      # the Case (prefetched); also case_of(task)
        url_of(task)               # where to do it: viewflow's task index, which sends the user
                                   # to the task's form, or first to "take this task"
        task.status == "ASSIGNED"  # already the user's; "NEW": in the role's queue, free to take
        task.created               # when it came up

Only tasks on cases the user may see (casedesk.cases.access) are listed, newest first.
"""

from django.db.models import Q
from django.urls import get_resolver
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casedesk.cases import access


def open_tasks_for(user):
    from .flows import MediationFlow

    if not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    mine = Q(owner=user, status=STATUS.ASSIGNED)
    free = Q(owner__isnull=True, status=STATUS.NEW, owner_permission__in=user.get_all_permissions())
    visible = access.visible_cases(user).values("pk")
    return (
        Task.objects.filter(process__flow_class=MediationFlow, flow_task_type="HUMAN")
        .filter(mine | free)
        .filter(process__artifact_object_id__in=visible)
        .select_related("process", "owner")
        .prefetch_related("process__artifact")
        .order_by("-created", "-pk")
    )


def case_of(task):
    return task.process.artifact


def url_of(task):
    _ = get_resolver().url_patterns  # viewflow names its task URLs once the URLconf is loaded
    return task.flow_task.reverse("index", args=[task.process_id, task.pk])

"""Home: what this user should look at first, by role."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from casedesk.cases import deadlines, roles
from workflows import inbox

from .. import queues

ROWS = queues.HOME_ROWS


TASKS_PAGE_SIZE = 50


def task_rows(tasks):
    """Open tasks, each with its case and the case page that does it (workflows.inbox.url_of)."""
    return [{"task": task, "case": inbox.case_of(task), "url": inbox.url_of(task)} for task in tasks]


@login_required
def all_tasks(request):
    """Every open task of the user, oldest first, a page at a time (home shows the first few)."""
    if roles.role_of(request.user) is None:
        return render(request, "desk/home_no_role.html")
    page = Paginator(inbox.open_task_ids(request.user), TASKS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "desk/tasks.html", {"page": page, "tasks": task_rows(inbox.tasks_in_order(page.object_list))})


@login_required
def home(request):
    user, role = request.user, roles.role_of(request.user)
    if role is None:
        return render(request, "desk/home_no_role.html")
    tasks = list(inbox.tasks_in_order(inbox.open_task_ids(user)[:ROWS + 1]))  # one more: whether to say "8+"
    context = {
        "role": role,
        "tasks": task_rows(tasks[:ROWS]),
        "more_tasks": len(tasks) > ROWS,
        "new_cases": queues.new_cases(user, ROWS),
        "deadline_cases": queues.soonest_deadlines(user, ROWS),
        "due_soon_days": deadlines.due_soon_working_days(),
        "recent_cases": queues.recent_cases(user, ROWS),
    }
    if role == roles.MEDIATOR:
        context["my_cases"] = queues.my_cases(user)[:ROWS]
    if role == roles.VOLUNTEER:
        context["my_registrations"] = queues.latest_registrations(user, ROWS)
    if role == roles.SUPERVISOR:
        context["unassigned_cases"] = queues.unassigned_cases(user)[:ROWS]
    return render(request, "desk/home.html", context)

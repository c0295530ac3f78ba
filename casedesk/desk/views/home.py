"""Home: what this user should look at first, by role."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from casedesk.cases import deadlines, roles
from workflows import inbox

from .. import queues

ROWS = queues.HOME_ROWS


def _tasks(user):
    """The user's open tasks, each with the case page that does it (workflows.inbox.url_of)."""
    return [{"task": task, "case": inbox.case_of(task), "url": inbox.url_of(task)}
            for task in inbox.open_tasks_for(user)[:ROWS]]


@login_required
def home(request):
    user, role = request.user, roles.role_of(request.user)
    if role is None:
        return render(request, "desk/home_no_role.html")
    context = {
        "role": role,
        "tasks": _tasks(user),
        "new_cases": queues.new_cases(user, ROWS),
        "deadline_cases": queues.deadline_cases(user)[:ROWS],
        "due_soon_days": deadlines.due_soon_working_days(),
        "recent_cases": queues.recent_cases(user, ROWS),
    }
    if role == roles.MEDIATOR:
        context["my_cases"] = queues.my_cases(user)[:ROWS]
    if role == roles.VOLUNTEER:
        context["my_registrations"] = queues.registered_by(user)[:ROWS]
    if role == roles.SUPERVISOR:
        context["unassigned_cases"] = queues.unassigned_cases(user)[:ROWS]
    return render(request, "desk/home.html", context)

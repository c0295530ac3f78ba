"""The case page as the one screen of every workflow task (workflows.inbox opens it with `?task=`).

- `for_page(...)`: the task the page was opened for: its transitions' forms open, or a note that the
  step is already done (the case moved on) or is not this user's to do now;
- the checklist of steps that run beside each other (gather evidence, schedule a session, notify
  the employer while mediating; the feedback letter of a closed court case, the letter on the result
  of a closed referred case; a supervisor's review of an overdue case): each ticked with who did it and when, or its form for whoever may take it.

A step taken here is the step service's (casedesk.cases.steps); the flow follows in the same
transaction (workflows.sync), so the task is done wherever the work was done. Labels are the declarations'.
"""

from dataclasses import dataclass, field

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from casedesk.cases import roles, steps
from casedesk.cases.models import CaseEvent
from workflows import inbox

# The steps a workflow task stands for that the page offers as a checklist (and takes at desk:case-step).
CHECKLIST = ("evidence_gathered", "session_scheduled", "employer_notified", "court_feedback_sent",
             "referral_result_sent", "overdue_reviewed")

# Steps taken again after they are done (a second session scheduled); the others once per stage.
REPEATABLE = ("session_scheduled",)

ALREADY_DONE = _("“%(task)s” has already been done: the case has moved on. Here it is as it stands now.")
NOT_YOURS = _("“%(task)s” is not yours to do on this case now.")


@dataclass
class ChecklistItem:
    name: str
    label: str  # the step's name (its event's label, as the timeline says it)
    button: str
    done: CaseEvent | None = None
    form: forms.Form | None = None
    is_open: bool = False


@dataclass
class TaskPage:
    task: inbox.TaskOnCase | None = None
    note: str = ""
    links: list = field(default_factory=list)  # [(anchor, label)] of the task's forms on the page
    checklist: list = field(default_factory=list)


def _done_in_this_state(case, events=None):
    """{step: its latest event} for the checklist steps taken since the case entered its state; from
    `events` (all of the case's, in order, with their actors) when the caller has read them."""
    if events is not None:
        entered = max((e.seq for e in events if e.from_state != e.to_state), default=0)
        return {e.action: e for e in events if e.action in CHECKLIST and e.seq >= entered}
    entered = (
        CaseEvent.objects.filter(case=case).exclude(from_state=F("to_state"))
        .order_by("-seq").values_list("seq", flat=True).first() or 0
    )
    events = CaseEvent.objects.filter(case=case, action__in=CHECKLIST, seq__gte=entered).select_related("actor")
    return {event.action: event for event in events.order_by("seq")}


def checklist(case, user, open_tasks, make_form, failed_step=None, events=None):
    done, pending_by_task = _done_in_this_state(case, events), {n for t in open_tasks for n in t.names}
    items = []
    for name in CHECKLIST:
        declared = steps.step(name)
        if not declared.applies(case):
            continue
        if name == "overdue_reviewed" and (name not in pending_by_task or not roles.is_supervisor(user)):
            continue  # only while a review is asked for, and only supervisors review
        item = ChecklistItem(name, declared.event, declared.button, done=done.get(name))
        if failed_step and failed_step[0] == name:
            item.form, item.is_open = failed_step[1], True
        elif (item.done is None or name in pending_by_task or name in REPEATABLE) and steps.may_take(case, name, user):
            item.form = make_form(name, case)
        items.append(item)
    return items


def for_page(request, case, panels, make_form, failed_step=None, events=None):
    """What the page shows of the workflow: the task it was opened for, and the checklist.
    `make_form(name, case)` makes a step's empty form (casedesk.desk.case_page.step_form); `events`:
    the case's events if the page has read them."""
    page = TaskPage()
    open_tasks = inbox.open_tasks_on_case(case)
    page.checklist = checklist(case, request.user, open_tasks, make_form, failed_step, events)
    if "task" not in request.GET:
        return page
    page.task = inbox.task_on_case(case, request.GET["task"])
    if page.task is None:
        return page
    if not page.task.is_open:
        page.note = ALREADY_DONE % {"task": page.task.title}
        return page
    already_open = any(p.is_open for p in panels) or any(i.is_open for i in page.checklist)
    for panel in panels:
        if panel.name in page.task.names:
            page.links.append((f"action-{panel.name}", panel.label))
    for item in page.checklist:
        if item.name in page.task.names and item.form is not None:
            page.links.append((f"step-{item.name}", item.button))
            item.is_open = True
    if not page.links:
        page.note = NOT_YOURS % {"task": page.task.title}
    elif not already_open:
        first = next((p for p in panels if p.name in page.task.names), None)
        if first is not None:
            first.is_open = True
    return page

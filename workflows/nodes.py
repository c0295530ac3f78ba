"""The kinds of human task a case's flow has, and the gate conditions that read the case.

A `CaseTask` stands for a step of the case: it is pending while the case is in one of
`waits_in`, and it is done by any of the `done_by` transitions, whoever takes it and from
wherever (the case page, which the inbox opens for it, or the API). `workflows.sync` completes it
in the change's own transaction.
"""

from viewflow.workflow.flow import View
from viewflow.workflow.status import STATUS

from . import timers, views

# A task a person does (viewflow's flow_task_type), and the statuses of one still to be done.
HUMAN = View.task_type
OPEN = (STATUS.NEW, STATUS.ASSIGNED)

# Permissions a desk role carries (workflows.permissions.RoleBackend), used to route tasks.
DECIDE = "workflows.decide_acceptance"
SUPERVISE = "workflows.supervise"


def case_of(activation):
    """The case as it stands, read once per activation (a gate asks several questions at once)."""
    if not hasattr(activation, "_case"):
        activation._case = activation.process.current_case()
    return activation._case


def mediator_of(activation):
    """The case's mediator, who owns the mediation tasks; None leaves the task in the queue."""
    return case_of(activation).mediator


class CaseTask(View):
    def __init__(self, view=None, *, waits_in, done_by=(), **kwargs):
        super().__init__(view or views.to_case_page, **kwargs)
        self.waits_in = frozenset(waits_in)
        self.done_by = tuple(done_by)
        self.follows_mediator = False

    def ForMediator(self):
        """Give the task to the case's mediator, and to the next one on reassignment."""
        self.follows_mediator = True
        return self.Assign(mediator_of)

    def is_pending(self, task, case):
        return case.status in self.waits_in


class OverdueReview(View):
    """A supervisor's look at an overdue case, done by the step "overdue_reviewed" on the case page;
    pending while the deadline in task.data is missed."""

    done_by = ("overdue_reviewed",)
    follows_mediator = False

    def __init__(self, view=None, **kwargs):
        super().__init__(view or views.to_case_page, **kwargs)

    def is_pending(self, task, case):
        return timers.is_overdue(case, task.data.get("deadline"))


def case_is(*states):
    """Gate condition: the case is now in one of `states`."""
    return lambda activation: case_of(activation).status in states


def case_left(state):
    """Join condition: the case has left `state`, so the branches still open there are moot."""
    return lambda activation, active_tasks: case_of(activation).status != state


def is_court_case(activation):
    return case_of(activation).is_court_case


def is_referred_case(activation):
    return case_of(activation).is_referred

"""The flow's tasks agree with the state machine: each task is done by transitions (or steps) that
can be taken where it waits, and every way out of a state is some task's way of being done."""

from casedesk.cases import steps, transitions
from workflows.flows import MediationFlow
from workflows.nodes import CaseTask


def case_tasks():
    return [node for node in MediationFlow.instance.nodes() if isinstance(node, CaseTask)]


def test_every_name_a_task_is_done_by_is_a_declared_transition_or_step():
    names = set(transitions.names()) | set(steps.STEPS)
    assert {name for task in case_tasks() for name in task.done_by} <= names


def test_each_task_is_done_by_what_can_be_taken_where_it_waits():
    for task in case_tasks():
        for name in task.done_by:
            if name in steps.STEPS:
                assert set(task.waits_in) <= set(steps.step(name).states), (task.name, name)
            else:
                assert set(transitions.declaration(name).sources) & set(task.waits_in), (task.name, name)


def test_every_transition_out_of_a_state_completes_a_task_waiting_there():
    missing = [
        (name, source)
        for name, declared in transitions.declarations().items()
        for source in declared.sources
        if source != declared.target
        and not any(source in task.waits_in and name in task.done_by for task in case_tasks())
    ]
    assert missing == []

"""workflows.inbox.open_tasks_for: the tasks a user may act on now, on cases they may see."""

import pytest

from casedesk.cases import transitions
from workflows.inbox import case_of, open_tasks_for, url_of

from .conftest import tasks
from .test_paths import MEDIATION_TASKS

pytestmark = pytest.mark.django_db


def names(user):
    return sorted(task.flow_task.name for task in open_tasks_for(user))


def test_a_new_case_waits_in_the_queue_of_mediators_and_supervisors(register, mediator, supervisor, volunteer):
    register()
    assert names(mediator) == ["decide_acceptance"]
    assert names(supervisor) == ["decide_acceptance"]
    assert names(volunteer) == []


def test_assignment_waits_for_supervisors_only(register, mediator, supervisor, committed):
    case = register()
    with committed():
        transitions.perform(case, "accept", mediator)

    assert names(supervisor) == ["assign"]
    assert names(mediator) == []


def test_mediation_tasks_are_the_assigned_mediators_alone(register, mediator, other_mediator, supervisor, committed):
    case = register()
    with committed():
        case = transitions.perform(case, "accept", mediator)
    with committed():
        transitions.perform(case, "assign", supervisor, mediator=mediator.pk)

    assert names(mediator) == MEDIATION_TASKS
    assert names(other_mediator) == []
    assert names(supervisor) == []


def test_each_task_knows_its_case_and_its_page(register, mediator, login):
    case = register()
    (task,) = open_tasks_for(mediator)

    assert case_of(task) == case
    assert url_of(task) == f"/cases/{case.pk}/?task={task.pk}#task"  # the case page, the task's forms ready
    assert login(mediator).get(url_of(task)).status_code == 200


def test_newest_tasks_come_first(register, mediator):
    first = register()
    second = register(employer={"name": "某某物流有限公司", "uscc": "", "address": "", "contact_phone": ""})

    assert [case_of(task) for task in open_tasks_for(mediator)] == [second, first]


def test_whoever_does_a_task_of_the_queue_takes_it_off_every_list(register, mediator, supervisor, do_task):
    case = register()
    do_task(case, "decide_acceptance", mediator, transition="accept")

    assert names(mediator) == []
    assert names(supervisor) == ["assign"]
    (done,) = tasks(case, node="decide_acceptance")
    assert done.owner == mediator

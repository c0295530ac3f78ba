"""workflows.inbox.open_tasks_for: the tasks a user may act on now, on cases they may see."""

import pytest

from casedesk.cases import transitions
from workflows.inbox import case_of, open_tasks_for, url_of

from .conftest import open_task
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
    response = login(mediator).get(url_of(task))
    assert response.status_code == 302 and response.url.endswith(f"/decide_acceptance/{task.pk}/assign/")


def test_newest_tasks_come_first(register, mediator):
    first = register()
    second = register(employer={"name": "某某物流有限公司", "uscc": "", "address": "", "contact_phone": ""})

    assert [case_of(task) for task in open_tasks_for(mediator)] == [second, first]


def test_taking_a_task_moves_it_from_the_queue_to_the_taker(register, mediator, supervisor, login):
    case = register()
    task = open_task(case, "decide_acceptance")
    login(mediator).post(url_of(task) + "assign/")

    assert names(mediator) == ["decide_acceptance"]
    assert names(supervisor) == []

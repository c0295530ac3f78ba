"""workflows.inbox.open_tasks_for: the tasks a user may act on now, on cases they may see."""

import re

import pytest
from django.db import connection

from casedesk.cases import transitions
from workflows.inbox import case_of, open_task_ids, open_tasks_for, open_tasks_on_case, tasks_in_order, url_of

from ..query_plans import plans_of, reads_in_order, statements_of
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


def test_the_oldest_tasks_come_first(register, mediator):
    """A work queue: what has waited longest (an acceptance decision past its deadline) leads the list."""
    first = register()
    second = register(employer={"name": "某某物流有限公司", "uscc": "", "address": "", "contact_phone": ""})

    assert [case_of(task) for task in open_tasks_for(mediator)] == [first, second]


def test_the_inbox_finds_the_tasks_by_the_cases_seen_and_reads_the_rows_of_its_page_alone(register, mediator):
    """A mediator sees their unit's queue: at a million cases 6,600 cases, whose processes and tasks the inbox
    read one by one (bench/README.md, "An eleventh pass"). Each task now points to its case, the ids are cut to
    the page first, and only the page's rows are read."""
    register()
    (statement,) = statements_of(lambda: list(tasks_in_order(open_task_ids(mediator)[:9])),
                                 keep=lambda sql: 'FROM "viewflow_task"' in sql)

    assert '"viewflow_process"' not in statement
    assert "LIMIT 9)" in statement  # the ids cut inside, then the nine rows


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a plan of PostgreSQL's")
def test_the_open_tasks_of_a_case_are_read_from_their_index_in_order(register):
    """workflows_open_case_task_idx (workflows migration 0003) holds the open human tasks by case, oldest first:
    what the inbox looks up for each case a user sees, and the case page lists."""
    case = register()
    (plan,) = plans_of(lambda: open_tasks_on_case(case), keep=lambda sql: 'FROM "viewflow_task"' in sql)

    assert reads_in_order(plan, "workflows_open_case_task_idx"), plan


def test_home_shows_the_first_tasks_says_there_are_more_and_the_task_page_lists_them_all(register, mediator,
                                                                                          login):
    cases = [register() for _ in range(10)]
    client = login(mediator)

    home = client.get("/").content.decode()
    listed = re.findall(r'href="/cases/(\d+)/\?task=', home)
    assert [int(pk) for pk in listed] == [case.pk for case in cases[:8]]  # the oldest eight
    assert '<span class="count">8+</span>' in home and 'href="/tasks/"' in home

    page = client.get("/tasks/")
    assert page.status_code == 200
    html = page.content.decode()
    assert [int(pk) for pk in re.findall(r'href="/cases/(\d+)/\?task=', html)] == [case.pk for case in cases]
    assert '<span class="count">10</span>' in html
    assert client.get("/tasks/?page=99").status_code == 200  # past the end: the last page


def test_whoever_does_a_task_of_the_queue_takes_it_off_every_list(register, mediator, supervisor, do_task):
    case = register()
    do_task(case, "decide_acceptance", mediator, transition="accept")

    assert names(mediator) == []
    assert names(supervisor) == ["assign"]
    (done,) = tasks(case, node="decide_acceptance")
    assert done.owner == mediator

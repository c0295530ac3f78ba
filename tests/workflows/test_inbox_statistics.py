"""PostgreSQL knows that a task without an owner is a new one, waiting for a role (workflows migration 0003's
statistic). The inbox (workflows.inbox.open_task_ids) either reads the open tasks of each case a user sees, or
walks the open tasks in order until it has found nine of theirs; which is cheaper depends on how many of the
visible cases' tasks the user may take. With the columns taken apart, PostgreSQL multiplied the share of tasks
without an owner by the share of new ones, and expected 500 of a county supervisor's 14,300: it read their
21,700 cases one by one, 78 ms at a million cases, where the walk takes 3 (bench/README.md, "An eleventh pass").
Here, as at the desk, the done tasks have their owner and the new ones none."""

import pytest
from django.db import connection
from viewflow.workflow.status import STATUS

from workflows.flows import MediationFlow
from workflows.models import CaseProcessTask
from workflows.nodes import DECIDE, HUMAN

from .conftest import process_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's estimates"),
]

DONE, NEW = 400, 100


def test_the_tasks_free_to_take_are_expected_as_many_as_they_are(register, mediator):
    process = process_of(register())
    task = {"process": process, "flow_task": MediationFlow.decide_acceptance, "flow_task_type": HUMAN,
            "owner_permission": DECIDE}
    CaseProcessTask.objects.bulk_create(
        [CaseProcessTask(**task, status=STATUS.DONE, owner=mediator) for _ in range(DONE)]
        + [CaseProcessTask(**task, status=STATUS.NEW) for _ in range(NEW)]
    )
    free = CaseProcessTask.objects.filter(owner__isnull=True, status=STATUS.NEW, owner_permission__in=[DECIDE])
    sql, params = free.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE viewflow_task")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        expected = cursor.fetchone()[0][0]["Plan"]["Plan Rows"]
    real = free.count()

    assert real >= NEW
    assert real / 2 <= expected <= real * 2, (expected, real)

"""Workflows migration 0003_case_tasks on a desk whose tasks were made before: each task of a case's process
comes to point to the case, as the ones made after do, so that the inbox finds it by the case."""

import pytest
from django.db import connection
from viewflow.workflow.models import Task

from casedesk.cases.models import Case
from workflows.inbox import open_tasks_for

from ..migration_replay import latest_migrations, migrate_to
from .conftest import process_of

BEFORE = [("workflows", "0002_open_task_index")]
AFTER = [("workflows", "0003_case_tasks")]


@pytest.mark.django_db(transaction=True)
def test_the_tasks_made_before_point_to_their_case(register, mediator):
    latest = latest_migrations()
    case = register()
    with connection.cursor() as cursor:  # as viewflow made them: no pointer
        cursor.execute("UPDATE viewflow_task SET artifact_content_type_id = NULL, artifact_object_id = NULL")
    assert list(open_tasks_for(mediator)) == []

    migrate_to(BEFORE)
    migrate_to(AFTER)

    tasks = Task.objects.filter(process=process_of(case))
    assert {(task.artifact_content_type.model_class(), task.artifact_object_id) for task in tasks} == {(Case, case.pk)}
    assert [task.flow_task.name for task in open_tasks_for(mediator)] == ["decide_acceptance"]
    migrate_to(latest)

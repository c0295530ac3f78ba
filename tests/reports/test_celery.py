"""The Celery path on the real Redis at 127.0.0.1:6379, with a real worker (not eager)."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from casedesk.celery import app
from casedesk.reports import jobs, tasks
from casedesk.reports.models import Reminder, ReportJob

from .conftest import shanghai

REDIS = "redis://127.0.0.1:6379/15"


def redis_is_up():
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


pytestmark = [
    pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379"),
    # The worker runs in a thread; SQLite's in-memory test database (shared cache) answers
    # "table is locked" at once instead of waiting. Celery is for the PostgreSQL deployments;
    # under SQLite without a broker the jobs run synchronously, and that is tested elsewhere.
    pytest.mark.skipif(connection.vendor == "sqlite", reason="a Celery worker thread needs a server database"),
]


@pytest.fixture(scope="module")
def celery_worker():
    """One worker thread for the module: Celery caches its queues once per app."""
    queue = f"casedesk-test-{uuid.uuid4().hex}"  # nothing else on this Redis takes our messages
    # A result backend lets a test wait on a task's result (asked for with ignore_result=False;
    # the desk itself ignores results) instead of sleeping.
    app.conf.update(broker_url=REDIS, result_backend=REDIS, task_default_queue=queue, task_always_eager=False)
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10) as w:
        yield w


@pytest.fixture
def worker(settings, celery_worker):
    settings.CASEDESK_BROKER_URL = REDIS
    return celery_worker


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_reminder_task_runs_on_a_worker(transactional_db, story, supervisor, mediator, worker):
    """Both cases stay overdue whatever the worker's clock says (it runs in its own thread)."""
    story.register(shanghai(2026, 10, 26))
    story.mediate(story.register(shanghai(2026, 10, 12, 9)), shanghai(2026, 10, 12))
    first = tasks.send_reminders.apply_async(ignore_result=False).get(timeout=20)
    assert first["recorded"] == 3 and Reminder.objects.count() == 3
    again = tasks.send_reminders.apply_async(ignore_result=False).get(timeout=20)  # nothing is recorded twice
    assert again["recorded"] == 0 and Reminder.objects.count() == 3
    assert set(Reminder.objects.values_list("recipient", flat=True)) == {supervisor.pk, mediator.pk}


def test_a_report_job_runs_in_the_background_with_progress(transactional_db, story, supervisor, worker):
    story.register(shanghai(2025, 3, 10))
    job = jobs.start(kind=jobs.CASES_CSV, params={"filters": {"submitted_from": "2025-01-01"}}, user=supervisor)
    assert job.state in (ReportJob.State.PENDING, ReportJob.State.RUNNING, ReportJob.State.DONE)
    assert wait_for(lambda: ReportJob.objects.get(pk=job.pk).state == ReportJob.State.DONE), ReportJob.objects.values().get(pk=job.pk)
    done = ReportJob.objects.get(pk=job.pk)
    assert (done.done, done.total) == (1, 1) and done.result.read().decode("utf-8-sig").count("\n") == 2

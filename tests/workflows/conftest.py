"""Helpers for driving a case's flow: its tasks by node name, task views through the test client.

Cases change through the real services; the flow follows in the change's own transaction
(casedesk.cases.signals.case_changing), and what comes after the commit (messages) runs inside
`committed()`, which runs the on-commit callbacks as a commit would. Here `register` and `walk` do
so, and with them the spine's case builders (case_at, mediating, ...). `without_flows()` makes
changes as before the workflows existed.
"""

import contextlib
import logging
import types

import pytest
from viewflow.workflow.status import STATUS

from casedesk.cases import clock
from workflows.inbox import url_of
from workflows.models import CaseProcess

OPEN = (STATUS.NEW, STATUS.ASSIGNED)


@pytest.fixture(autouse=True)
def _timers_read_the_desk_clock(monkeypatch):
    """viewflow's timer dispatcher asks django's clock; in tests it asks the desk's frozen one."""
    monkeypatch.setattr("viewflow.workflow.timers.timezone", types.SimpleNamespace(now=clock.now))


@contextlib.contextmanager
def without_flows():
    """Changes made as before the workflows existed: no flow follows them."""
    from casedesk.cases.models import Case
    from casedesk.cases.signals import case_changing
    from workflows import sync

    case_changing.disconnect(sender=Case, dispatch_uid="workflows.sync")
    try:
        yield
    finally:
        sync.connect()


@pytest.fixture(autouse=True)
def _sync_errors_fail_the_test(caplog):
    """workflows.sync's failures are logged, not raised (casedesk.cases.signals.in_savepoint: the change stands)."""
    yield
    errors = [r for r in caplog.records if r.name.startswith(("workflows", "casedesk.cases.signals"))
              and r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def register(register, committed):
    """The spine's register, its flow started (the on-commit callbacks run)."""

    def _register(**kwargs):
        with committed():
            return register(**kwargs)

    return _register


@pytest.fixture
def walk(walk, committed):
    """The spine's walk, each transition committed so that the flow follows it."""

    def _walk(case, *steps):
        for step in steps:
            with committed():
                case = walk(case, step)
        return case

    return _walk


def process_of(case):
    return CaseProcess.for_case(case.pk).get()


def tasks(case, *statuses, node=None):
    """The case's task rows (human tasks unless `node` is given), oldest first."""
    queryset = process_of(case).task_set.order_by("pk")
    queryset = queryset.filter(flow_task_type="HUMAN") if node is None else queryset
    rows = [t for t in queryset if not statuses or t.status in statuses]
    return [t for t in rows if node is None or t.flow_task.name == node]


def open_tasks(case):
    return sorted(t.flow_task.name for t in tasks(case, *OPEN))


def done_tasks(case):
    return [t.flow_task.name for t in tasks(case, STATUS.DONE)]


def open_task(case, node):
    (task,) = tasks(case, *OPEN, node=node)
    return task


@pytest.fixture
def do_task(committed, login):
    """Do the open `node` task of `case` as `user` where the inbox sends them: the case page opened
    for the task, its form ready; then post `data` to that form (a transition's, or the step's)."""

    def _do(case, node, user, expect=302, transition=None, **data):
        task = open_task(case, node)
        client = login(user)
        page = client.get(url_of(task))
        assert page.status_code == 200
        name = transition or task.flow_task.done_by[0]
        if transition:
            url = f"/cases/{case.pk}/actions/{name}/"
            assert f'id="action-{name}"' in page.content.decode()
        else:
            url = f"/cases/{case.pk}/steps/{name}/"
            assert f'id="step-{name}"' in page.content.decode()
        with committed():
            response = client.post(url, data)
        assert response.status_code == expect, response.content.decode()[:2000]
        case.refresh_from_db()
        return response

    return _do


@pytest.fixture(autouse=True)
def _no_automatic_documents():
    """casedesk.documents renders PDFs on accept, close and archive (seconds each); the flows
    neither wait for nor read them, so these tests leave that subscriber out."""
    from casedesk.cases.signals import case_changed
    from casedesk.documents import receivers

    case_changed.disconnect(dispatch_uid="documents.automatic")
    yield
    case_changed.connect(receivers.issue_automatic_document, dispatch_uid="documents.automatic")


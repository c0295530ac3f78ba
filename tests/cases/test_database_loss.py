"""The database going away in the middle of a transition (issue 8).

The database goes away inside transitions.perform's transaction, at one of two points found by
the SQL they run (so the test holds whatever order the service writes in): right after the
UPDATE of the case row, and right before the INSERT of its audit event.
- On PostgreSQL it is REAL: a second connection ends this connection's server process
  (pg_terminate_backend), and the server drops the open transaction.
- On SQLite it is SIMULATED: an OperationalError is raised at the same point (an embedded
  database cannot be taken away from under its connection).
Either way a fresh connection must then find the case exactly as before, and verify_audit passes;
the API and the desk answer 503 in Chinese.
"""

import contextlib

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError, connection, connections

from casedesk.cases import transitions
from casedesk.cases.models import Case
from tests.conftest import AGREEMENT, case_rows, desk_rows

REAL = connection.vendor == "postgresql"
LOST = (OperationalError, InterfaceError)


def snapshot(case_id):
    """What a fresh connection reads: the case's rows and every row of the desk's tables."""
    connection.close()  # never trust the connection the fault went through
    return {"case": case_rows(case_id), "tables": desk_rows()}


def terminate_backend(dying):
    """REAL (PostgreSQL): another connection ends `dying`'s server process, mid-transaction."""
    pid = dying.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()


class DatabaseGoesAway:
    """Loses the database once, at one point of the transition's transaction, found by its SQL.

    Watching the SQL (connection.execute_wrapper) rather than patching the service keeps the
    test true whatever order transitions.perform writes in."""

    POINTS = {
        # point: (statement it watches for, strike after that statement ran?)
        "after the case row is saved": ('UPDATE "cases_case" ', True),
        "before the audit event is written": ('INSERT INTO "cases_caseevent" ', False),
    }

    def __init__(self, point):
        self.prefix, self.after = self.POINTS[point]
        self.struck, self.rows = None, None

    def __call__(self, execute, sql, params, many, context):
        if self.struck is not None or not sql.startswith(self.prefix):
            return execute(sql, params, many, context)
        self.struck = sql
        if self.after:
            result = execute(sql, params, many, context)
            self.rows = context["cursor"].rowcount
            self.strike(context["connection"])
            return result
        self.strike(context["connection"])
        return execute(sql, params, many, context)

    def strike(self, dying):
        if REAL:
            terminate_backend(dying)
        else:
            raise OperationalError("disk I/O error (SIMULATED: the database went away)")


@pytest.fixture(params=list(DatabaseGoesAway.POINTS))
def database_goes_away(request):
    """A context manager: inside it, the database goes away once at the parametrised point."""
    fault = DatabaseGoesAway(request.param)

    @contextlib.contextmanager
    def armed():
        with connection.execute_wrapper(fault):
            yield fault

    return armed


@pytest.mark.django_db(transaction=True)
def test_losing_the_database_mid_transition_leaves_no_half_written_case_or_event(
    mediating, mediator, database_goes_away
):
    case = mediating()
    before = snapshot(case.pk)
    with database_goes_away() as fault, pytest.raises(LOST):
        transitions.perform(case, "reach_agreement", mediator, **AGREEMENT)
    assert fault.struck and (not fault.after or fault.rows == 1)  # it struck mid-transition
    assert snapshot(case.pk) == before
    assert before["case"]["case"]["status"] == "mediating" and before["case"]["agreements"] == []
    call_command("verify_audit")  # raises CommandError on a broken chain
    # The desk works on: the same transition goes through once the database is back.
    transitions.perform(Case.objects.get(pk=case.pk), "reach_agreement", mediator, **AGREEMENT)
    after = snapshot(case.pk)
    assert after["case"]["case"]["status"] == "agreed"
    assert len(after["case"]["events"]) == len(before["case"]["events"]) + 1
    call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_503_in_chinese_when_the_database_goes_away_and_writes_nothing(
    register, mediator, api, database_goes_away
):
    case = register()
    before = snapshot(case.pk)
    with database_goes_away() as fault:
        response = api(mediator).post(f"/api/cases/{case.pk}/transitions/accept/", {}, format="json")
    assert fault.struck and (not fault.after or fault.rows == 1)
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "database_unavailable" and body["fields"] == {}
    assert body["detail"] == "数据库暂时无法连接，请求未能完成。请稍后重试。"  # in the desk's language
    assert response["Retry-After"]
    assert snapshot(case.pk) == before
    call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_a_desk_page_answers_503_in_chinese_when_the_database_goes_away_and_writes_nothing(
    register, mediator, client, database_goes_away
):
    case = register()
    before = snapshot(case.pk)
    client.force_login(mediator)
    with database_goes_away() as fault:
        response = client.post(f"/cases/{case.pk}/actions/accept/", {})
    assert fault.struck
    assert response.status_code == 503 and response["Retry-After"]
    html = response.content.decode()
    assert "<h1>服务暂时不可用</h1>" in html and "本次操作没有保存任何内容" in html
    assert snapshot(case.pk) == before

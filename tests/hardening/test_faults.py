"""Faults (issue 8): the database going away in the middle of a transition, and a PDF that fails.

The database goes away inside transitions.perform's transaction, at one of two points found by
the SQL they run (so the test holds whatever order the service writes in): right after the
UPDATE of the case row, and right before the INSERT of its audit event.
- On PostgreSQL it is REAL: a second connection ends this connection's server process
  (pg_terminate_backend), and the server drops the open transaction.
- On SQLite it is SIMULATED: an OperationalError is raised at the same point (an embedded
  database cannot be taken away from under its connection).
Either way a fresh connection must then find the case exactly as before, and verify_audit passes.

The PDF fault is REAL on both: WeasyPrint itself raises (an unknown PDF variant, as a mistyped
CASEDESK_PDF_VARIANT would make it). The step stays committed, nothing half-stored is left, the
case page shows the missing document with its retry, and retrying uses the next number, no gap.
"""

import contextlib
import logging
import traceback

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError, connection, connections
from django.utils import translation

from casedesk.cases import transitions
from casedesk.cases.models import Agreement, Case, CaseEvent, Instalment, NumberSequence
from casedesk.documents import storage
from casedesk.documents.models import GeneratedDocument
from casedesk.web import json_errors
from tests.conftest import AGREEMENT

REAL = connection.vendor == "postgresql"
LOST = (OperationalError, InterfaceError)


def snapshot(case_id):
    """What a fresh connection reads of the case: its row, its chain and what hangs off it."""
    connection.close()  # never trust the connection the fault went through
    case = Case.objects.get(pk=case_id)
    events = list(CaseEvent.objects.filter(case_id=case_id).order_by("seq").values_list("seq", "action", "hash"))
    return {
        "status": case.status, "audit_seq": case.audit_seq, "audit_head": case.audit_head,
        "mediator": case.mediator_id, "accepted_on": case.accepted_on, "mediation_due": case.mediation_due,
        "events": events, "agreements": Agreement.objects.filter(case_id=case_id).count(),
        "instalments": Instalment.objects.filter(agreement__case_id=case_id).count(),
        "documents": GeneratedDocument.objects.filter(case_id=case_id).count(),
    }


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
    assert before["status"] == "mediating" and before["agreements"] == 0
    call_command("verify_audit")  # raises CommandError on a broken chain
    # The desk works on: the same transition goes through once the database is back.
    transitions.perform(Case.objects.get(pk=case.pk), "reach_agreement", mediator, **AGREEMENT)
    after = snapshot(case.pk)
    assert after["status"] == "agreed" and len(after["events"]) == len(before["events"]) + 1
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
    with translation.override("zh-hans"):  # the desk's language: Chinese once locale/ has the msgid
        assert body["detail"] == str(json_errors.DATABASE_UNAVAILABLE)
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


# A PDF that fails to render ---------------------------------------------------------------------

class WeasyPrint:
    """Makes every render fail inside WeasyPrint itself. (A CASEDESK_PDF_FONT that is not installed
    would not: WeasyPrint falls back to another font, which the documents.E002 check reports.)"""

    def __init__(self, settings):
        self.settings, self.good = settings, settings.CASEDESK_PDF_VARIANT

    def fail(self):
        self.settings.CASEDESK_PDF_VARIANT = "pdf/a-9z"

    def mend(self):
        self.settings.CASEDESK_PDF_VARIANT = self.good


@pytest.fixture
def weasyprint(settings):
    return WeasyPrint(settings)


def stored_files():
    root = storage.absolute(storage.ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def serial_of(kind):
    row = NumberSequence.objects.filter(scope=f"document:{kind}", year=2026).first()
    return row.last if row else 0


def assert_failure_logged(caplog, kind, case):
    """The receiver logged the failure with the case and the kind, and WeasyPrint raised it."""
    records = [r for r in caplog.records if r.name == "casedesk.documents.receivers" and r.levelno == logging.ERROR]
    assert len(records) == 1
    message, (exc_type, _exc, tb) = records[0].getMessage(), records[0].exc_info
    assert kind in message and str(case.pk) in message
    assert exc_type is KeyError and any("weasyprint" in frame.filename for frame in traceback.extract_tb(tb))


def documents_section(client, user, case):
    client.force_login(user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    return page.split('id="documents"', 1)[1].split("</section>", 1)[0]


def retry_url(case, kind):
    return f"/cases/{case.pk}/documents/{kind}/issue/"


@pytest.mark.django_db
def test_a_failed_acceptance_notice_leaves_the_step_committed_and_is_issued_again_with_no_gap(
    register, mediator, volunteer, client, weasyprint, caplog, django_capture_on_commit_callbacks
):
    first, failing, third = register(), register(), register()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(first, "accept", mediator)
    files_before, events_before = stored_files(), CaseEvent.objects.filter(case=failing).count()
    assert serial_of("acceptance_notice") == 1 and len(files_before) == 1

    weasyprint.fail()
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        transitions.perform(failing, "accept", mediator)

    # The step is committed: the case moved and its event is on the chain, with no document event after it.
    case = Case.objects.get(pk=failing.pk)
    assert case.status == "accepted"
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))[events_before:] == ["accept"]
    # Nothing half-stored: no row, no file, no number drawn.
    assert not GeneratedDocument.objects.filter(case=case).exists()
    assert stored_files() == files_before and serial_of("acceptance_notice") == 1
    assert_failure_logged(caplog, "acceptance_notice", case)

    # The case page shows the missing document; the retry button only to who may issue it.
    for_mediator = documents_section(client, mediator, case)
    assert 'id="missing-acceptance_notice"' in for_mediator
    assert f'action="{retry_url(case, "acceptance_notice")}"' in for_mediator
    for_volunteer = documents_section(client, volunteer, case)
    assert 'id="missing-acceptance_notice"' in for_volunteer and retry_url(case, "acceptance_notice") not in for_volunteer
    assert client.post(retry_url(case, "acceptance_notice")).status_code == 403  # (still the volunteer)
    assert 'id="missing-' not in documents_section(client, mediator, first)

    # Retrying while WeasyPrint still fails: a message, and still nothing stored or drawn.
    response = client.post(retry_url(case, "acceptance_notice"), follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/#documents"
    assert 'id="missing-acceptance_notice"' in response.content.decode()
    assert not GeneratedDocument.objects.filter(case=case).exists() and serial_of("acceptance_notice") == 1

    # Meanwhile the next case's notice takes the next number: none was burnt.
    weasyprint.mend()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(third, "accept", mediator)
    assert GeneratedDocument.objects.get(case=third).number.endswith("受字第0002号")

    assert client.post(retry_url(case, "acceptance_notice")).status_code == 302
    issued = GeneratedDocument.objects.get(case=case)
    assert issued.number.endswith("受字第0003号") and issued.version == 1 and issued.created_by == mediator
    assert storage.sha256_of_file(issued.file_path) == issued.sha256
    assert 'id="missing-acceptance_notice"' not in documents_section(client, mediator, case)
    assert client.post(retry_url(case, "acceptance_notice")).status_code == 302  # a second click issues nothing
    assert GeneratedDocument.objects.filter(case=case).count() == 1 and serial_of("acceptance_notice") == 3
    call_command("verify_audit")


@pytest.mark.django_db
def test_a_failed_court_feedback_letter_is_issued_again_through_the_documents_api(
    court_case, walk, mediator, supervisor, api, client, weasyprint, caplog, django_capture_on_commit_callbacks
):
    case = walk(court_case(), ("reach_agreement", mediator, AGREEMENT))
    weasyprint.fail()
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "close", supervisor, recovered_amount="18600.00")
    assert Case.objects.get(pk=case.pk).status == "closed"
    assert_failure_logged(caplog, "court_feedback", case)
    assert not GeneratedDocument.objects.filter(case=case).exists() and serial_of("court_feedback") == 0
    assert 'id="missing-court_feedback"' in documents_section(client, supervisor, case)

    weasyprint.mend()
    response = api(supervisor).post(f"/api/cases/{case.pk}/documents/", {"kind": "court_feedback"}, format="json")
    assert response.status_code == 201 and response.json()["number"].endswith("函字第0001号")
    assert 'id="missing-court_feedback"' not in documents_section(client, supervisor, case)


@pytest.mark.django_db
def test_a_failed_case_file_on_archive_is_offered_again_only_to_who_may_see_its_personal_data(
    mediating, walk, mediator, supervisor, volunteer, client, weasyprint, caplog, django_capture_on_commit_callbacks
):
    case = walk(mediating(), ("reach_agreement", mediator, AGREEMENT),
                ("close", supervisor, {"recovered_amount": "18600.00"}))
    weasyprint.fail()
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "archive", supervisor)
    assert Case.objects.get(pk=case.pk).status == "archived"
    assert_failure_logged(caplog, "case_file", case)
    assert stored_files() == [] and serial_of("case_file") == 0

    assert retry_url(case, "case_file") not in documents_section(client, volunteer, case)  # full ID numbers inside
    assert retry_url(case, "case_file") in documents_section(client, supervisor, case)
    weasyprint.mend()
    assert client.post(retry_url(case, "case_file")).status_code == 302
    assert GeneratedDocument.objects.get(case=case).number.endswith("卷字第0001号")
    call_command("verify_audit")

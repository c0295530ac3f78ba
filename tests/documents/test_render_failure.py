"""A PDF that fails to render (issue 8).

The fault is REAL on SQLite and PostgreSQL alike: WeasyPrint itself raises (an unknown PDF variant,
as a mistyped CASEDESK_PDF_VARIANT would make it). The step stays committed, nothing half-stored is
left, the case page shows the missing document with its retry, and retrying uses the next number,
no gap.
"""

import logging
import traceback

import pytest
from django.core.management import call_command

from casedesk.cases import transitions
from casedesk.cases.models import Case, CaseEvent, NumberSequence
from casedesk.documents import storage
from casedesk.documents.models import GeneratedDocument
from casedesk.payments import services as payments
from tests.conftest import AGREEMENT, unchanged


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


def assert_failure_logged(caplog, kind, case, *also):
    """The receiver logged the failure with the case and the kind (then each of `also`, the step's other
    documents, each failing on its own), and WeasyPrint raised it."""
    records = [r for r in caplog.records if r.name == "casedesk.documents.receivers" and r.levelno == logging.ERROR]
    assert len(records) == 1 + len(also)
    for record, other in zip(records[1:], also, strict=True):
        assert other in record.getMessage()
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
    with unchanged(case):
        refused = client.post(retry_url(case, "acceptance_notice"))  # (still the volunteer)
    assert refused.status_code == 403 and 'class="alert error" role="alert"' in refused.content.decode()
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
        transitions.perform(case, "close", supervisor)
    assert Case.objects.get(pk=case.pk).status == "closed"
    assert_failure_logged(caplog, "court_feedback", case, "closing_report")
    assert not GeneratedDocument.objects.filter(case=case).exists() and serial_of("court_feedback") == 0
    assert 'id="missing-court_feedback"' in documents_section(client, supervisor, case)
    assert 'id="missing-closing_report"' in documents_section(client, supervisor, case)

    weasyprint.mend()
    response = api(supervisor).post(f"/api/cases/{case.pk}/documents/", {"kind": "court_feedback"}, format="json")
    assert response.status_code == 201 and response.json()["number"].endswith("函字第0001号")
    assert 'id="missing-court_feedback"' not in documents_section(client, supervisor, case)


@pytest.mark.django_db
def test_a_failed_case_file_on_archive_is_offered_again_only_to_who_may_see_its_personal_data(
    mediating, walk, mediator, supervisor, volunteer, client, weasyprint, caplog, django_capture_on_commit_callbacks
):
    case = walk(mediating(), ("reach_agreement", mediator, AGREEMENT))
    payments.record_payment(case, mediator, paid_on="2026-11-02", amount="18600.00", method="transfer")
    case = walk(case, ("close", supervisor, {}))
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

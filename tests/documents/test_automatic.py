"""Documents that transitions produce by themselves after commit, and what happens when one fails."""

import pytest

from casedesk.cases import transitions
from casedesk.cases.models import Case
from casedesk.documents import receivers, storage
from casedesk.documents.models import GeneratedDocument
from casedesk.payments import services as payments

from ..conftest import AGREEMENT
from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def kinds(case):
    return list(GeneratedDocument.objects.filter(case=case).values_list("kind", flat=True))


def test_accepting_issues_the_acceptance_notice(register, mediator, django_capture_on_commit_callbacks):
    case = register()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "accept", mediator)
    assert kinds(case) == ["acceptance_notice"]
    assert GeneratedDocument.objects.get().created_by == mediator


def test_closing_a_court_case_issues_the_feedback_letter_and_the_closing_report_and_archiving_the_case_file(
    court_case, walk, mediator, supervisor, django_capture_on_commit_callbacks
):
    case = walk(court_case(), ("reach_agreement", mediator, AGREEMENT))
    payments.record_payment(case, mediator, paid_on="2026-11-02", amount="18600.00", method="transfer")
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "close", supervisor)
    assert kinds(case) == ["court_feedback", "closing_report"]
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "archive", supervisor)
    assert kinds(case) == ["court_feedback", "closing_report", "case_file"]


def test_closing_a_case_that_no_court_sent_issues_the_closing_report_only(
    agreed, supervisor, django_capture_on_commit_callbacks
):
    case = agreed()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "close", supervisor)
    assert kinds(case) == ["closing_report"]
    report = GeneratedDocument.objects.get(case=case)
    assert report.created_by == supervisor
    text = pdf_text(storage.absolute(report.file_path))
    assert "结案报告" in text and "¥18,600.00" in text


def test_rejecting_issues_the_rejection_notice_with_the_reason(register, supervisor, django_capture_on_commit_callbacks):
    case = register()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "reject", supervisor, reason="不属于劳动争议调解范围")
    assert kinds(case) == ["rejection_notice"]
    text = pdf_text(storage.absolute(GeneratedDocument.objects.get(case=case).file_path))
    assert "不予受理通知书" in text and "不属于劳动争议调解范围" in text


def test_a_failed_mediation_issues_the_termination_notice(mediating, mediator, django_capture_on_commit_callbacks):
    case = mediating()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "record_failure", mediator, reason="双方对加班费数额分歧较大")
    assert kinds(case) == ["termination"]
    text = pdf_text(storage.absolute(GeneratedDocument.objects.get(case=case).file_path))
    assert "调解终止书" in text and "双方对加班费数额分歧较大" in text


def test_every_automatic_document_is_declared_once_and_owed_until_issued(agreed, supervisor):
    """Steps whose documents were never rendered (the process died after the commit) owe them."""
    case = agreed()
    transitions.perform(case, "close", supervisor)  # no on_commit here: nothing issued
    assert [k.value for k in receivers.missing_documents(case)] == ["acceptance_notice", "closing_report"]
    assert receivers.automatic_kinds(case, "reject") == ["rejection_notice"]
    assert receivers.automatic_kinds(case, "record_failure") == ["termination"]
    assert receivers.automatic_kinds(case, "assign") == []


def test_a_document_that_fails_leaves_the_transition_done_and_can_be_issued_again(
    register, mediator, api, settings, tmp_path, django_capture_on_commit_callbacks, caplog
):
    case = register()
    good_root = settings.MEDIA_ROOT
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("the media root is a file: every write fails")
    settings.MEDIA_ROOT = blocker
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "accept", mediator)
    assert Case.objects.get(pk=case.pk).status == "accepted"
    assert kinds(case) == []
    assert "acceptance_notice" in caplog.text and str(case.pk) in caplog.text
    settings.MEDIA_ROOT = good_root
    response = api(mediator).post(f"/api/cases/{case.pk}/documents/", {"kind": "acceptance_notice"}, format="json")
    assert response.status_code == 201
    assert response.json()["number"].endswith("受字第0001号")  # the failed attempt used no number


def test_a_document_the_step_owes_is_issued_once_whoever_catches_up_first(register, mediator):
    case = transitions.perform(register(), "accept", mediator)  # its commit's documents not run here
    assert [d.kind for d in receivers.issue_owed(case, "accept", mediator)] == ["acceptance_notice"]
    assert receivers.issue_owed(case, "accept", mediator) == []
    assert kinds(case) == ["acceptance_notice"]

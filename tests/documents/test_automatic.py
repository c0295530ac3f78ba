"""Documents that transitions produce by themselves after commit, and what happens when one fails."""

import pytest

from casedesk.cases import transitions
from casedesk.cases.models import Case
from casedesk.documents.models import GeneratedDocument

from ..conftest import AGREEMENT

pytestmark = pytest.mark.django_db


def kinds(case):
    return list(GeneratedDocument.objects.filter(case=case).values_list("kind", flat=True))


def test_accepting_issues_the_acceptance_notice(register, mediator, django_capture_on_commit_callbacks):
    case = register()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "accept", mediator)
    assert kinds(case) == ["acceptance_notice"]
    assert GeneratedDocument.objects.get().created_by == mediator


def test_closing_a_court_case_issues_the_feedback_letter_and_archiving_issues_the_case_file(
    court_case, walk, mediator, supervisor, django_capture_on_commit_callbacks
):
    case = walk(court_case(), ("reach_agreement", mediator, AGREEMENT))
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "close", supervisor)
    assert kinds(case) == ["court_feedback"]
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "archive", supervisor)
    assert kinds(case) == ["court_feedback", "case_file"]


def test_closing_a_case_that_no_court_sent_issues_nothing(agreed, supervisor, django_capture_on_commit_callbacks):
    case = agreed()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "close", supervisor)
    assert kinds(case) == []


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

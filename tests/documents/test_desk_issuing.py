"""Documents issued from the desk: the offers rule, issuing with input in one transaction, and the case file
that holds every document issued before archiving and gets a new version for one issued after."""

import pytest

from casedesk.cases import transitions
from casedesk.cases.errors import InvalidData, NotPermitted, TransitionNotAllowed
from casedesk.cases.models import CaseEvent
from casedesk.documents import offers, storage
from casedesk.documents.models import GeneratedDocument
from casedesk.documents.rendering import check_may_issue, render_document

from ..conftest import unchanged
from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def text_of(document):
    return pdf_text(storage.absolute(document.file_path))


@pytest.fixture
def archived(register, mediator, supervisor, django_capture_on_commit_callbacks):
    """A case failed, closed and archived, each step's automatic documents issued after its commit."""
    case = register()
    steps = (
        ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}),
        ("record_failure", mediator, {"reason": "双方对工资数额分歧较大"}),
        ("close", supervisor, {}), ("archive", supervisor, {}),
    )
    for name, actor, data in steps:
        with django_capture_on_commit_callbacks(execute=True):
            case = transitions.perform(case, name, actor, **data)
    return case


def test_the_case_file_holds_every_document_issued_before_archiving(archived):
    issued = list(GeneratedDocument.objects.filter(case=archived).order_by("id"))
    assert [d.kind for d in issued] == ["acceptance_notice", "termination", "closing_report", "case_file"]
    text = text_of(issued[-1])
    assert "卷内文书3件" in text
    for document in issued[:-1]:
        assert document.number in text


def test_a_document_issued_after_archiving_makes_a_new_version_of_the_case_file(archived, supervisor):
    first_file = GeneratedDocument.objects.get(case=archived, kind="case_file")
    notice = render_document(archived, "acceptance_notice", supervisor)
    assert notice.version == 2
    second_file = GeneratedDocument.objects.get(case=archived, kind="case_file", version=2)
    assert second_file.number == first_file.number
    text = text_of(second_file)
    assert "卷内文书4件" in text and notice.number in text
    assert "卷内文书3件" in text_of(first_file)  # the first version stays as it was issued
    events = list(CaseEvent.objects.filter(case=archived, action="document").order_by("seq").values_list("data", flat=True))
    assert [(e["kind"], e["version"]) for e in events[-2:]] == [("acceptance_notice", 2), ("case_file", 2)]


def test_after_archiving_only_who_sees_the_case_unmasked_may_issue(archived, other_mediator):
    with pytest.raises(NotPermitted):
        check_may_issue(archived, "acceptance_notice", other_mediator)


def test_the_offers_follow_the_document_service_and_the_case_file_waits_for_the_archive(case_at, supervisor):
    closed = case_at("closed")
    assert offers.makes_sense(closed, "closing_report") and not offers.makes_sense(closed, "case_file")
    with unchanged(closed), pytest.raises(TransitionNotAllowed):
        offers.issue(closed, "case_file", supervisor)


def test_a_refused_notice_schedules_nothing(mediating, mediator, volunteer):
    case = mediating()
    data = {"scheduled_for": "2026-11-05T14:30", "place": "调解室"}
    with unchanged(case), pytest.raises(NotPermitted):
        offers.issue(case, "mediation_notice", volunteer, data)
    with unchanged(case), pytest.raises(InvalidData):
        offers.issue(case, "mediation_notice", mediator, {**data, "place": ""})


def test_the_notice_announces_the_latest_scheduled_session(mediating, mediator):
    case = mediating()
    offers.issue(case, "mediation_notice", mediator, {"scheduled_for": "2026-11-05T14:30", "place": "第一调解室"})
    second = offers.issue(case, "mediation_notice", mediator, {"scheduled_for": "2026-11-09T09:00", "place": "第二调解室"})
    assert second.version == 2
    text = text_of(second)
    assert "2026年11月9日9时00分" in text and "第二调解室" in text and "第一调解室" not in text

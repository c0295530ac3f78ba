"""The case page's 文书 panel: the kinds offered in each state, 出具 / 重新出具 through the document service,
the mediation notice's scheduling form, and refusals that change nothing."""

import re

import pytest

from casedesk.cases import transitions
from casedesk.cases.models import CaseEvent
from casedesk.documents import storage
from casedesk.documents.models import GeneratedDocument
from casedesk.payments import services as payments

from ..conftest import AGREEMENT, APPLICATION, RULING, unchanged
from ..documents.conftest import pdf_text
from .conftest import field_error

pytestmark = pytest.mark.django_db

NOTICE = {"with_input": "1", "scheduled_for": "2026-11-05T14:30", "place": "县总工会第二调解室", "note": "请携带工资条"}


def panel(page):
    """The 文书 panel's HTML."""
    return page.split('id="documents"', 1)[1].split("</section>", 1)[0]


def offered(page):
    return re.findall(r'id="document-([a-z_]+)"', panel(page))


def issue_url(case, kind):
    return f"/cases/{case.pk}/documents/{kind}/"


def kinds(case):
    return list(GeneratedDocument.objects.filter(case=case).order_by("id").values_list("kind", "version"))


@pytest.mark.parametrize(("state", "expected"), [
    ("submitted", []),
    ("accepted", ["acceptance_notice"]),
    ("rejected", ["rejection_notice"]),
    ("mediating", ["acceptance_notice", "mediation_notice"]),
    ("agreed", ["acceptance_notice", "agreement", "confirmation_application"]),
    ("failed", ["acceptance_notice", "termination"]),
    ("closed", ["acceptance_notice", "termination", "closing_report"]),
    ("archived", ["acceptance_notice", "termination", "closing_report", "case_file"]),
])
def test_the_panel_offers_each_kind_that_makes_sense_in_the_state(state, expected, case_at, login, supervisor):
    case = case_at(state)
    assert offered(login(supervisor).get(f"/cases/{case.pk}/").content.decode()) == expected


def test_a_court_case_is_offered_its_feedback_letter_once_mediation_has_a_result(court_case, walk, login, mediator):
    case = walk(court_case(), ("record_failure", mediator, {"reason": "被申请人否认存在劳动关系"}))
    assert "court_feedback" in offered(login(mediator).get(f"/cases/{case.pk}/").content.decode())


def test_the_mediator_issues_and_issues_again_each_version_listed_with_date_who_and_download(
    mediating, login, mediator
):
    case = mediating()
    client = login(mediator)
    response = client.post(issue_url(case, "acceptance_notice"))
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/#document-acceptance_notice")
    first = GeneratedDocument.objects.get(case=case)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "重新出具" in panel(page)
    assert client.post(issue_url(case, "acceptance_notice")).status_code == 302
    second = GeneratedDocument.objects.get(case=case, version=2)
    assert second.number == first.number and second.created_by == mediator
    row = panel(client.get(f"/cases/{case.pk}/").content.decode()).split('id="document-acceptance_notice"', 1)[1]
    assert "第2版" in row and "第1版" in row and row.index("第2版") < row.index("第1版")  # newest first
    assert "陈调解" in row and "2026年11月2日" in row
    assert f"/api/documents/{second.pk}/pdf/" in row and f"/api/documents/{first.pk}/pdf/" in row
    download = client.get(f"/api/documents/{second.pk}/pdf/")
    text = pdf_text(b"".join(download.streaming_content))
    assert "受理通知书" in text and second.number in text


def test_the_mediation_notice_schedules_the_session_it_announces_and_is_issued_before_it(mediating, login, mediator):
    case = mediating()
    client = login(mediator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="document-form-mediation_notice"' in panel(page) and 'type="datetime-local"' in panel(page)
    response = client.post(issue_url(case, "mediation_notice"), NOTICE)
    assert response.status_code == 302
    scheduled = CaseEvent.objects.get(case=case, action="session_scheduled")
    assert scheduled.actor == mediator and scheduled.data["place"] == "县总工会第二调解室"
    notice = GeneratedDocument.objects.get(case=case, kind="mediation_notice")
    text = pdf_text(storage.absolute(notice.file_path))
    assert "2026年11月5日14时30分" in text and "县总工会第二调解室" in text and "调解员：陈调解" in text
    assert not case.sessions.exists()  # announced, not yet held
    scheduled = client.get(f"/cases/{case.pk}/").content.decode().split('id="scheduled-sessions"', 1)[1]
    assert "2026年11月5日" in scheduled.split("</ul>", 1)[0] and "县总工会第二调解室" in scheduled.split("</ul>", 1)[0]


def test_a_notice_for_a_session_in_the_past_is_refused_next_to_the_field_and_nothing_is_scheduled(
    mediating, login, mediator
):
    case = mediating()
    with unchanged(case):
        response = login(mediator).post(issue_url(case, "mediation_notice"),
                                        {**NOTICE, "scheduled_for": "2026-10-30T09:00"})
    page = response.content.decode()
    assert response.status_code == 400
    assert field_error(page, "id_mediation_notice_scheduled_for") == "调解时间应晚于当前时间。"
    assert 'id="document-form-mediation_notice" open' in page and "县总工会第二调解室" in page


@pytest.mark.parametrize("when", ["2026-11-20T09:00", "2036-11-05T09:00"])
def test_a_notice_for_a_session_after_the_mediation_deadline_is_refused_with_the_way_out(
    mediating, login, mediator, when
):
    case = mediating()
    assert str(case.mediation_due) == "2026-11-17"
    with unchanged(case):
        response = login(mediator).post(issue_url(case, "mediation_notice"), {**NOTICE, "scheduled_for": when})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "id_mediation_notice_scheduled_for") == (
        "调解时间晚于调解期限（2026年11月17日）：请先延长调解期限，或另选时间。")


def test_a_volunteer_may_not_issue_and_the_page_says_why(register, login, volunteer):
    case = register()
    with unchanged(case):
        response = login(volunteer).post(issue_url(case, "acceptance_notice"))
    assert response.status_code == 403
    assert 'class="alert error" role="alert"' in response.content.decode()
    assert "只有调解员和负责人可以出具文书。" in response.content.decode()


def test_a_volunteer_sees_no_issue_button_and_no_link_to_documents_with_personal_data(
    agreed, login, volunteer, mediator
):
    case = agreed()
    login(mediator).post(issue_url(case, "agreement"))
    agreement = GeneratedDocument.objects.get(case=case, kind="agreement")
    section = panel(login(volunteer).get(f"/cases/{case.pk}/").content.decode())
    assert agreement.number in section and f"/api/documents/{agreement.pk}/pdf/" not in section
    assert f"/cases/{case.pk}/documents/" not in section  # no 出具 form at all


def test_a_kind_that_makes_no_sense_now_is_refused_with_409(mediating, login, mediator):
    case = mediating()
    with unchanged(case):
        response = login(mediator).post(issue_url(case, "termination"))
    assert response.status_code == 409
    assert "本案调解尚未终止" in response.content.decode()


def test_the_case_file_is_refused_before_archiving(case_at, login, supervisor):
    case = case_at("closed")
    with unchanged(case):
        response = login(supervisor).post(issue_url(case, "case_file"))
    assert response.status_code == 409
    assert "卷宗在案件归档时生成。" in response.content.decode()


def test_a_case_the_user_may_not_see_is_a_404_and_an_unknown_kind_too(mediating, login, mediator, other_mediator):
    case = mediating()
    with unchanged(case):
        assert login(other_mediator).post(issue_url(case, "acceptance_notice")).status_code == 404
        assert login(mediator).post(issue_url(case, "no_such_kind")).status_code == 404
    assert login(mediator).get(issue_url(case, "acceptance_notice")).status_code == 405


def test_every_kind_is_issued_from_the_desk_and_the_archived_case_file_lists_them_all(
    mediating, court_case, register, login, mediator, supervisor, django_capture_on_commit_callbacks
):
    """A settled case to the archive, a failed court case and a rejected one: each document either issued
    by its step on commit or from the panel, read back; the settled case's file holds every one of its own."""
    def step(case, name, actor, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return transitions.perform(case, name, actor, **data)

    def from_panel(client, case, kind, data=None):
        assert kind in offered(client.get(f"/cases/{case.pk}/").content.decode())
        assert client.post(issue_url(case, kind), data or {}).status_code == 302
        return GeneratedDocument.objects.filter(case=case, kind=kind).latest("version")

    desk_mediator, desk_supervisor = login(mediator), login(supervisor)
    case = mediating()
    from_panel(desk_mediator, case, "acceptance_notice")
    from_panel(desk_mediator, case, "mediation_notice", NOTICE)
    desk_mediator.post(f"/cases/{case.pk}/sessions/", {"held_at": "2026-11-02T09:30", "place": "调解室",
                                                       "present": "申请人张0、被申请人代表", "statements": "同意分期支付"})
    record = from_panel(desk_mediator, case, "session_record")
    assert "同意分期支付" in pdf_text(storage.absolute(record.file_path))
    case = step(case, "reach_agreement", mediator, **AGREEMENT)
    agreement = from_panel(desk_mediator, case, "agreement")
    assert "申请人张0（签名）" in pdf_text(storage.absolute(agreement.file_path))
    case = step(case, "apply_confirmation", mediator, **APPLICATION)
    from_panel(desk_mediator, case, "confirmation_application")
    case = step(case, "court_confirm", supervisor, **RULING)
    payments.record_payment(case, mediator, paid_on="2026-11-02", amount="18600.00", method="transfer")  # paid in full
    case = step(case, "close", supervisor)
    case = step(case, "archive", supervisor)
    own = ["acceptance_notice", "mediation_notice", "session_record", "agreement", "confirmation_application",
           "closing_report"]
    assert sorted({k for k, _v in kinds(case)}) == sorted([*own, "case_file"])
    case_file = GeneratedDocument.objects.get(case=case, kind="case_file")
    text = pdf_text(storage.absolute(case_file.file_path))
    issued_before = GeneratedDocument.objects.filter(case=case).exclude(kind="case_file")
    assert f"卷内文书{issued_before.count()}件" in text
    assert all(document.number in text for document in issued_before)
    download = desk_supervisor.get(offered_link(desk_supervisor, case, "case_file"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"

    court = step(court_case(), "record_failure", mediator, reason="被申请人否认存在劳动关系")
    assert [k for k, _v in kinds(court)] == ["termination"]
    court = step(court, "close", supervisor)
    assert [k for k, _v in kinds(court)] == ["termination", "court_feedback", "closing_report"]
    feedback = from_panel(desk_supervisor, court, "court_feedback")
    assert feedback.version == 2 and "委派调解反馈函" in pdf_text(storage.absolute(feedback.file_path))

    rejected = step(register(), "reject", supervisor, reason="不属于劳动争议调解范围")
    notice = from_panel(desk_supervisor, rejected, "rejection_notice")
    assert notice.version == 2 and "不属于劳动争议调解范围" in pdf_text(storage.absolute(notice.file_path))


def offered_link(client, case, kind):
    row = panel(client.get(f"/cases/{case.pk}/").content.decode()).split(f'id="document-{kind}"', 1)[1]
    return re.search(r'href="(/api/documents/\d+/pdf/)"', row)[1]

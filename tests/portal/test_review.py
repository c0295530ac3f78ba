"""Reviewing online applications at the desk: the 网上申请 queue of the unit, asking the worker for more
(an audited step) and the worker's answer on /track/ (text and files, on the case page and in the
timeline), registering (accepting) and declining; volunteers of another unit see none of it."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from casedesk.cases import steps, transitions
from casedesk.cases.errors import NotPermitted
from casedesk.cases.models import Case, CaseEvent
from casedesk.documents.models import GeneratedDocument
from casedesk.portal.models import Application, Evidence, InformationRequest
from casedesk.units import services as unit_services
from casedesk.units import tree
from casedesk.units.models import Unit

from ..conftest import REASON, id_number, register_case, unchanged
from ..factories import UserFactory
from .conftest import CHINESE
from .test_track import status_page, text_of

pytestmark = pytest.mark.django_db

QUESTION = "请补充上传2026年8月和9月的工资条照片，以及劳动合同首页。"
ANSWER = "工资条已拍照上传。合同原件被公司收走了，只有入职登记表。"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def photo(name="slip.jpg", fmt="JPEG"):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 160, 60)).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def zip_named_jpg():
    return SimpleUploadedFile("slip.jpg", b"PK\x03\x04" + b"\x00" * 200, content_type="image/jpeg")


def application(apply, **overrides):
    """apply() → (case, tracking number, query code)."""
    number, code = apply(**overrides)
    return Application.objects.get(tracking_number=number).case, number, code


def county_with_volunteer(name="东县总工会", prefix="东工调字"):
    county = Unit(name=name, parent=tree.root(), number_prefix=prefix)
    county.save()
    volunteer = UserFactory(username=f"volunteer_{prefix}", role="volunteer")
    unit_services.place(volunteer, county)
    return county, volunteer


def ask(client, case, text=QUESTION):
    return client.post(f"/cases/{case.pk}/steps/ask_information/", {"request": text})


def answer(client, text=ANSWER, files=()):
    return client.post("/track/answer/", {"answer": text, "evidence": list(files)})


def queue_rows(client):
    page = client.get("/online-applications/")
    assert page.status_code == 200
    html = page.content.decode()
    return html, re.findall(r'<tr id="online-(\d+)"', html)


def portal_rows():
    return (list(InformationRequest.objects.order_by("pk").values()), list(Evidence.objects.order_by("pk").values()))


# The queue


def test_the_queue_lists_the_units_online_applications_oldest_first(apply, login, volunteer, mediator, supervisor):
    first, _n, _c = application(apply)
    second, _n, _c = application(apply, id_number=id_number(425), name="钱网申")
    typed = register_case(volunteer)  # registered at the counter: not an online application
    for user in (volunteer, mediator, supervisor):
        html, rows = queue_rows(login(user))
        assert rows == [str(first.pk), str(second.pk)], user
        assert str(typed.pk) not in rows
        assert "决定是否受理" in html and "2026年11月5日" in html
        assert 'id="nav-online-applications"' in html
    # Accepted, it leaves the queue.
    transitions.perform(second, "accept", mediator)
    assert queue_rows(login(supervisor))[1] == [str(first.pk)]


def test_the_queue_shows_evidence_count_and_whether_more_was_asked_and_answered(apply, login, volunteer):
    case, number, code = application(apply)
    desk = login(volunteer)
    html, _rows = queue_rows(desk)
    row = html.split(f'id="online-{case.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'class="information">—' in row
    assert ask(desk, case).status_code == 302
    row = queue_rows(desk)[0].split(f'id="online-{case.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "已询问，等待申请人答复" in row
    worker, _page = status_page(number, code)
    assert answer(worker, files=[photo(), photo("b.png", "PNG")]).status_code == 302
    row = queue_rows(desk)[0].split(f'id="online-{case.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "已答复" in row
    assert re.search(r'class="num evidence-count">2<', row)


def test_the_queue_is_scoped_by_unit(apply, login, volunteer, supervisor):
    county, county_volunteer = county_with_volunteer()
    case, _n, _c = application(apply)
    steps.record(case, "transfer", supervisor, unit=county.pk, reason="属东县管辖")
    assert queue_rows(login(county_volunteer))[1] == [str(case.pk)]
    assert queue_rows(login(volunteer))[1] == []  # a volunteer reviews their own unit's, not a unit below
    assert queue_rows(login(supervisor))[1] == [str(case.pk)]  # a supervisor sees the subtree


def test_a_volunteer_of_another_unit_gets_404_for_an_online_application(apply, login):
    _county, stranger = county_with_volunteer()
    case, _n, _c = application(apply)
    evidence_case, _n, _c = application(apply, id_number=id_number(426), name="孙网申")
    client = login(stranger)
    with unchanged(case):
        assert client.get(f"/cases/{case.pk}/").status_code == 404
        assert ask(client, case).status_code == 404
        assert client.post(f"/cases/{case.pk}/actions/accept/", {}).status_code == 404
        assert client.get(f"/cases/{case.pk}/evidence/1/").status_code == 404
    assert InformationRequest.objects.count() == 0
    assert queue_rows(client)[1] == []
    assert Case.objects.get(pk=evidence_case.pk).status == "submitted"


# Asking and answering


def test_asked_answered_on_track_with_a_file_shows_on_the_case_page_and_in_the_timeline(apply, login, volunteer,
                                                                                        supervisor):
    case, number, code = application(apply)
    desk = login(volunteer)
    assert ask(desk, case).status_code == 302
    asked = CaseEvent.objects.filter(case=case).latest("seq")
    assert (asked.action, asked.actor, asked.from_state, asked.to_state) == (
        "ask_information", volunteer, "submitted", "submitted")
    assert QUESTION not in str(asked.data)  # the text is kept on its encrypted row
    worker, page = status_page(number, code)
    assert text_of(page, "track-request-text") == QUESTION
    response = answer(worker, files=[photo()])
    assert response.status_code == 302 and response["Location"] == "/track/"
    page = worker.get("/track/").content.decode()
    assert 'id="answer-received"' in page and 'id="track-request"' not in page
    request = InformationRequest.objects.get()
    assert request.answer == ANSWER and request.answered_at is not None
    added = Evidence.objects.get(information_request=request)
    assert added.position == 1 and added.kind == "jpeg"
    answered = CaseEvent.objects.filter(case=case).latest("seq")
    assert answered.action == "information_answered" and answered.data["files_added"] == 1
    assert answered.actor.username == "casedesk-portal"
    for user in (volunteer, supervisor):
        html = login(user).get(f"/cases/{case.pk}/").content.decode()
        assert QUESTION in html and ANSWER in html
        assert f"/cases/{case.pk}/evidence/{added.pk}/" in html
        timeline = html.split('id="timeline"', 1)[1]
        assert "请申请人补充材料" in timeline and "申请人在线补充了材料" in timeline
    download = login(supervisor).get(f"/cases/{case.pk}/evidence/{added.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"


def test_the_answers_files_count_towards_the_applications_maximum(apply, login, volunteer, settings):
    settings.CASEDESK_PORTAL_UPLOAD_MAX_FILES = 3
    case, number, code = application(apply)
    desk = login(volunteer)
    ask(desk, case)
    worker, _page = status_page(number, code)
    response = answer(worker, files=[photo(f"{n}.jpg") for n in range(4)])
    assert response.status_code == 400
    assert "最多" in response.content.decode()
    assert answer(worker, files=[photo(f"{n}.jpg") for n in range(3)]).status_code == 302
    assert Evidence.objects.filter(application__case=case).count() == 3


@pytest.mark.parametrize("text, files, field, message", [
    ("", [], "answer", "该字段是必填项"),
    ("   ", [], "answer", "该字段是必填项"),
    ("长" * 2001, [], "answer", "2001"),
    (ANSWER, [zip_named_jpg], "evidence", "不是"),
    (ANSWER, [lambda: SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 2048, content_type="application/pdf")],
     "evidence", "MB"),
])
def test_a_bad_answer_is_refused_in_chinese_and_nothing_is_saved(apply, login, volunteer, settings, text, files,
                                                                 field, message):
    settings.CASEDESK_PORTAL_UPLOAD_MAX_BYTES = 1024
    case, number, code = application(apply)
    ask(login(volunteer), case)
    worker, _page = status_page(number, code)
    before = portal_rows()
    with unchanged(case):
        response = answer(worker, text=text, files=[make() for make in files])
    assert response.status_code == 400
    page = response.content.decode()
    errors = re.findall(r'class="field-error">(.*?)</p>', page.split(f'id="pf-{field}"', 1)[1].split("</div>", 1)[0],
                        re.S)
    assert errors and CHINESE.search(errors[0]) and message in errors[0], errors
    assert portal_rows() == before
    if text.strip():
        assert text[:50] in page  # what was typed is kept
    assert InformationRequest.objects.get().answered_at is None


def test_nothing_to_answer_once_the_desk_has_decided(apply, login, volunteer, mediator):
    case, number, code = application(apply)
    ask(login(volunteer), case)
    worker, page = status_page(number, code)
    assert 'id="track-request"' in page
    transitions.perform(case, "accept", mediator)
    assert 'id="track-request"' not in worker.get("/track/").content.decode()
    before = portal_rows()
    response = answer(worker, files=[photo()])
    assert response.status_code == 409 and "已经作出决定" in response.content.decode()
    assert portal_rows() == before


def test_asking_needs_a_text_and_waits_for_the_answer_before_asking_again(apply, login, volunteer):
    case, _number, _code = application(apply)
    desk = login(volunteer)
    with unchanged(case):
        refused = ask(desk, case, text="")
    assert refused.status_code == 400 and "该字段是必填项" in refused.content.decode()
    with unchanged(case):
        too_long = ask(desk, case, text="问" * 1001)
    assert too_long.status_code == 400 and "1001" in too_long.content.decode()
    assert 'data-maxlength="1000"' in desk.get(f"/cases/{case.pk}/").content.decode()  # the counter
    assert ask(desk, case).status_code == 302
    with unchanged(case):
        again = ask(desk, case, text="再补充一份考勤记录。")
    assert again.status_code == 400 and "尚未答复" in again.content.decode()
    assert InformationRequest.objects.count() == 1


def test_asking_is_only_for_an_online_application_awaiting_acceptance(apply, login, volunteer, mediator, supervisor):
    typed = register_case(volunteer)
    with unchanged(typed):
        assert ask(login(supervisor), typed).status_code == 409
    case, _n, _c = application(apply)
    transitions.perform(case, "accept", mediator)
    with unchanged(case):
        assert ask(login(supervisor), case).status_code == 409
    assert InformationRequest.objects.count() == 0


# Registering and declining


def test_a_volunteer_registers_an_online_application_and_the_worker_gets_the_acceptance_notice(
        apply, login, volunteer, committed):
    case, number, code = application(apply)
    desk = login(volunteer)
    page = desk.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="action-accept"' in page and 'id="action-reject"' not in page
    with committed():
        response = desk.post(f"/cases/{case.pk}/actions/accept/", {})
    # Accepted, the case is the mediators' work: the volunteer goes back to the queue.
    assert response.status_code == 302 and response["Location"] == "/online-applications/"
    case.refresh_from_db()
    assert case.status == "accepted"
    assert CaseEvent.objects.filter(case=case, action="accept").get().actor == volunteer
    notice = GeneratedDocument.objects.get(case=case, kind="acceptance_notice")
    _worker, page = status_page(number, code)
    assert text_of(page, "track-status") == "已受理"
    assert f"/track/documents/{notice.pk}/" in page


def test_a_volunteer_may_not_accept_a_case_they_typed_in_as_online(volunteer):
    typed = register_case(volunteer, channel="online")
    with unchanged(typed), pytest.raises(NotPermitted):
        transitions.perform(typed, "accept", volunteer)


def test_a_volunteer_of_another_unit_may_not_accept_it(apply):
    _county, stranger = county_with_volunteer()
    case, _n, _c = application(apply)
    with unchanged(case), pytest.raises(NotPermitted):
        transitions.perform(case, "accept", stranger)


def test_a_declined_application_shows_the_reason_on_track(apply, login, supervisor, committed):
    case, number, code = application(apply)
    with committed():
        response = login(supervisor).post(f"/cases/{case.pk}/actions/reject/", REASON)
    assert response.status_code == 302
    _worker, page = status_page(number, code)
    assert text_of(page, "track-status") == "不予受理"
    assert text_of(page, "track-rejection-reason") == REASON["reason"]
    assert 'id="doc-rejection_notice"' in page


def test_the_reason_stays_on_track_once_the_declined_case_is_closed(apply, login, supervisor, committed):
    case, number, code = application(apply)
    with committed():
        assert login(supervisor).post(f"/cases/{case.pk}/actions/reject/", REASON).status_code == 302
        transitions.perform(Case.objects.get(pk=case.pk), "close", supervisor)
    _worker, page = status_page(number, code)
    assert text_of(page, "track-rejection-reason") == REASON["reason"]

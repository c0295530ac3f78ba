"""Following a case at /track/ with the tracking number and the query code: the state in the worker's
words, the next step and its deadline, the mediator, the union's phone, the worker's documents; nothing
else, and the same answer for an unknown number as for a wrong code."""

import re
import subprocess

import pytest
from django.test import Client

from casedesk.cases import identifiers, transitions
from casedesk.documents.models import GeneratedDocument
from casedesk.documents.rendering import render_document
from casedesk.portal.models import Application

from ..conftest import AGREEMENT, REASON
from .conftest import WORKER_ID, application_post

AGREED = {**AGREEMENT, "above_claim_confirmed": True}  # the online application claims less than ¥18,600

pytestmark = pytest.mark.django_db


def track(client, number, code, **extra):
    return client.post("/track/", {"tracking_number": number, "query_code": code}, **extra)


def status_page(number, code):
    client = Client()
    response = track(client, number, code)
    assert response.status_code == 302 and response["Location"] == "/track/"
    return client, client.get("/track/").content.decode()


def text_of(page, element_id):
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page, re.S)
    return match.group(1).strip() if match else ""


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_new_application_reads_submitted_with_the_acceptance_deadline(apply):
    number, code = apply()
    _client, page = status_page(number, code)
    assert text_of(page, "track-status") == "已提交"
    assert "工会正在审查您的申请" in text_of(page, "track-next")
    assert "决定是否受理" in page and "2026年11月5日" in text_of(page, "track-deadline") + page
    assert text_of(page, "track-phone") == "12351"
    assert 'id="track-mediator"' not in page


def test_after_the_desk_accepts_it_reads_accepted_and_the_acceptance_notice_downloads(apply, mediator, committed):
    number, code = apply()
    case = Application.objects.get().case
    with committed():
        transitions.perform(case, "accept", mediator)
    client, page = status_page(number, code)
    assert text_of(page, "track-status") == "已受理"
    assert "指派调解员" in text_of(page, "track-next")
    notice = GeneratedDocument.objects.get(case=case, kind="acceptance_notice")
    link = re.search(r'href="(/track/documents/\d+/)" id="doc-acceptance_notice"', page).group(1)
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert notice.number.replace(" ", "") in text.replace(" ", "")
    # Without the session that gave the code, the same link is nothing.
    assert Client().get(link).status_code == 404


def test_mediating_shows_the_mediator_and_the_mediation_deadline(apply, mediator, supervisor):
    number, code = apply()
    case = Application.objects.get().case
    case = transitions.perform(case, "accept", mediator)
    case = transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
    _client, page = status_page(number, code)
    assert text_of(page, "track-status") == "调解中"
    assert "陈调解" in text_of(page, "track-mediator")
    assert "调解期限届满" in page


@pytest.mark.parametrize("path, expected, deadline", [
    (("reject",), "不予受理", "仲裁时效：2027年11月2日 （预计）"),
    (("accept", "assign", "reach_agreement"), "已达成协议", "履行调解协议：2026年11月30日"),
])
def test_each_state_reads_in_the_workers_words(apply, mediator, supervisor, path, expected, deadline):
    # Employment has ended: the limitation runs (for a worker still employed it does not, and none is shown).
    number, code = apply(employment_ended_on="2026-10-31")
    case = Application.objects.get().case
    data = {"reject": ("reject", supervisor, REASON), "accept": ("accept", mediator, {}),
            "assign": ("assign", supervisor, {"mediator": mediator.pk}),
            "reach_agreement": ("reach_agreement", mediator, AGREED)}
    for name in path:
        transition, actor, values = data[name]
        case = transitions.perform(case, transition, actor, **values)
    _client, page = status_page(number, code)
    assert text_of(page, "track-status") == expected
    assert re.sub(r"<[^>]+>", "", page.split('id="track-deadline">', 1)[1].split("</p>", 1)[0]) == deadline


def test_only_the_workers_documents_of_the_tracked_case_download(apply, mediator, supervisor, committed, register):
    number, code = apply()
    case = Application.objects.get().case
    with committed():
        case = transitions.perform(case, "accept", mediator)
    with committed():
        case = transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
    with committed():
        case = transitions.perform(case, "reach_agreement", mediator, **AGREED)
    other = register()
    with committed():
        transitions.perform(other, "accept", mediator)
    agreement = render_document(case, "agreement", mediator)
    others_notice = GeneratedDocument.objects.get(case=other, kind="acceptance_notice")
    client, page = status_page(number, code)
    assert f"/track/documents/{agreement.pk}/" not in page
    for document in (agreement, others_notice):
        assert client.get(f"/track/documents/{document.pk}/").status_code == 404


def test_the_page_shows_no_personal_data(apply, mediator, supervisor):
    number, code = apply()
    case = Application.objects.get().case
    case = transitions.perform(case, "accept", mediator)
    transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
    _client, page = status_page(number, code)
    post = application_post()
    secrets = [post["name"], WORKER_ID, identifiers.mask_id_number(WORKER_ID), post["phone"],
               identifiers.mask_phone(post["phone"]), post["address"], post["employer_name"],
               post["employer_address"], post["summary"], "12400", "缝纫工", "赵"]
    assert [s for s in secrets if s in page] == []
    assert mediator.username not in page


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(apply):
    number, code = apply()
    wrong = "0" * 8 if code != "0" * 8 else "1" * 8
    unknown = "20261102000000" if number != "20261102000000" else "20261102000001"
    answers = []
    for pair in ((number, wrong), (unknown, code), (unknown, wrong), ("", ""), ("abc", "x" * 50)):
        response = track(Client(), *pair)
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        body = body.replace(f'value="{pair[0][:40]}"', 'value=""')
        answers.append((response.status_code, body))
    assert answers[0][0] == 400 and "流水号与查询码不符" in answers[0][1]
    assert all(answer == answers[0] for answer in answers), [a[0] for a in answers]


def test_wrong_codes_are_throttled_per_tracking_number(apply, settings):
    settings.CASEDESK_PORTAL_TRACK_FAILURES = 3
    number, code = apply()
    for n in range(3):
        assert track(Client(), number, "9999999" + str(n), REMOTE_ADDR=f"10.0.0.{n + 1}").status_code == 400
    # From yet another address, even the right code now waits.
    refused = track(Client(), number, code, REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429 and "错误次数过多" in refused.content.decode()
    # An unknown number is throttled the same way.
    unknown = "20261102000000"
    answers = [track(Client(), unknown, "99999999", REMOTE_ADDR=f"10.0.1.{n}").status_code for n in range(4)]
    assert answers == [400, 400, 400, 429]


def test_wrong_codes_are_throttled_per_address(apply, settings):
    settings.CASEDESK_PORTAL_TRACK_FAILURES = 3
    number, code = apply()
    client = Client()
    for n in range(3):
        assert track(client, f"2026110200000{n}", "99999999").status_code == 400
    assert track(client, number, code).status_code == 429
    assert track(Client(), number, code, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_leaving_forgets_the_case_in_this_browser(apply):
    number, code = apply()
    client, page = status_page(number, code)
    assert client.post("/track/leave/").status_code == 302
    after = client.get("/track/").content.decode()
    assert 'id="track-status"' not in after and 'id="track-form"' in after


def test_a_declined_application_offers_the_rejection_notice(apply, supervisor, committed):
    number, code = apply()
    case = Application.objects.get().case
    with committed():
        transitions.perform(case, "reject", supervisor, **REASON)
    client, page = status_page(number, code)
    assert text_of(page, "track-status") == "不予受理"
    link = re.search(r'href="(/track/documents/\d+/)" id="doc-rejection_notice"', page).group(1)
    assert client.get(link)["Content-Type"] == "application/pdf"

"""The online application's public API: POST /api/portal/applications/ applies as /apply/ does (the
same form, checks, limits and throttle), GET /api/portal/applications/{number}/?code= answers what
/track/ shows; no account, no session, no CSRF token."""

import json
import re
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from casedesk.cases import transitions
from casedesk.cases.models import Case
from casedesk.portal.models import Application, Evidence

from ..conftest import REASON, unchanged
from .conftest import CHINESE, WORKER_ID, application_post
from .test_evidence import pdf, photo

pytestmark = pytest.mark.django_db

URL = "/api/portal/applications/"


def body(**overrides):
    """What a JSON client sends: the form's fields, consent as true."""
    data = {**application_post(**overrides)}
    for key in ("wants_messages", "consent", "sensitive_consent"):
        if data.get(key) == "on":
            data[key] = True
    return {key: value for key, value in data.items() if value != ""}


def send(data, client=None, **extra):
    return (client or APIClient()).post(URL, data, format="json", **extra)


def assert_refused(response, field, status=400):
    assert response.status_code == status, response.content[:500]
    answer = json.loads(response.content)
    assert set(answer) == {"error", "detail", "fields"}
    assert field in answer["fields"], answer["fields"]
    assert all(CHINESE.search(m) for m in answer["fields"][field]), answer["fields"][field]
    return answer


def test_a_json_application_registers_the_same_online_case_as_the_page():
    response = send(body())
    assert response.status_code == 201, response.content[:500]
    answer = response.json()
    assert set(answer) == {"tracking_number", "query_code"}
    application = Application.objects.select_related("case").get()
    case = application.case
    assert answer["tracking_number"] == application.tracking_number and len(answer["query_code"]) == 8
    assert (case.status, case.channel, case.category) == ("submitted", "online", "wage_arrears")
    assert case.applicants.get().person.id_number == WORKER_ID
    assert application.wants_messages and application.consent_version


def test_a_multipart_application_keeps_its_evidence():
    data = {**application_post(), "evidence": [photo("a.jpg"), pdf("b.pdf")]}
    response = APIClient().post(URL, data, format="multipart")
    assert response.status_code == 201, response.content[:500]
    assert Evidence.objects.count() == 2 and Evidence.objects.filter(kind="pdf").exists()


def test_the_page_and_a_multipart_body_may_carry_fields_the_form_does_not_have(client):
    """The page's form carries the CSRF token; only a JSON object is refused key by key."""
    assert client.post("/apply/", {**application_post(), "csrfmiddlewaretoken": "x" * 64}).status_code == 302
    data = {**application_post(name="赵网申二"), "csrfmiddlewaretoken": "x"}
    assert APIClient().post(URL, data, format="multipart").status_code == 201
    with unchanged():
        assert_refused(send({**body(), "csrfmiddlewaretoken": "x"}), "csrfmiddlewaretoken")


def test_a_logged_in_browser_applies_without_a_csrf_token(supervisor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    response = client.post(URL, json.dumps(body()), content_type="application/json")
    assert response.status_code == 201, response.content[:300]
    assert Application.objects.get().case.registered_by.username == "casedesk-portal"


REFUSED = {
    "no consent": ({"consent": None}, "consent"),
    "consent false": ({"consent": False}, "consent"),
    "no separate consent": ({"sensitive_consent": None}, "sensitive_consent"),
    "a wrong check character": ({"id_number": WORKER_ID[:-1] + ("0" if WORKER_ID[-1] != "0" else "1")}, "id_number"),
    "no phone": ({"phone": None}, "phone"),
    "a negative amount": ({"claim_amount_0": "-5"}, "claim_amount_0"),
    "an amount as a list": ({"claim_amount_0": [1, 2]}, "claim_amount_0"),
    "a name as an object": ({"name": {"a": 1}}, "name"),
    "a NUL in the account": ({"summary": "拖欠\x00工资"}, "summary"),
    "neither credit code nor address": ({"employer_address": None}, "employer_address"),
    "the honeypot filled": ({"website": "http://spam.example"}, "non_field_errors"),
    "an unknown category": ({"category": "everything"}, "category"),
}


@pytest.mark.parametrize("label", REFUSED)
def test_a_refused_application_names_its_field_in_chinese_and_saves_nothing(label):
    overrides, field = REFUSED[label]
    with unchanged():
        answer = assert_refused(send(body(**overrides)), field)
    assert answer["error"] == "invalid" and CHINESE.search(answer["detail"])
    assert Case.objects.count() == 0


def test_a_bad_evidence_file_is_refused_under_evidence():
    zipped = SimpleUploadedFile("x.jpg", b"PK\x03\x04" + b"0" * 200, content_type="image/jpeg")
    with unchanged():
        response = APIClient().post(URL, {**application_post(), "evidence": [zipped]}, format="multipart")
    assert_refused(response, "evidence")


@pytest.mark.parametrize("text", ["[1, 2]", '"apply"', "null", "{", '{"name": "\\ud800"}'])
def test_a_body_that_is_not_an_object_is_refused(text):
    with unchanged():
        response = APIClient().post(URL, text, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"] in ("malformed", "invalid")


def test_a_json_body_over_one_megabyte_is_refused_with_413(settings):
    with unchanged():
        response = send(body(summary="案" * 400_000))
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    assert CHINESE.search(response.json()["detail"])
    # Multipart takes the files' limit, and no more.
    limit = settings.CASEDESK_MAX_BODY_BYTES_FOR_PATH[URL]
    with unchanged():
        over = APIClient().post(URL, b"x", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(limit + 1))
    assert over.status_code == 413


def test_applications_are_throttled_per_address_with_the_pages_count(client, settings):
    settings.CASEDESK_PORTAL_APPLICATIONS_PER_HOUR = 2
    assert client.post("/apply/", application_post(name="赵网申一")).status_code == 302
    assert send(body(name="赵网申二")).status_code == 201
    with unchanged():
        response = send(body(name="赵网申三"))
    assert response.status_code == 429 and response.json()["error"] == "throttled"
    assert "一小时内" in response.json()["detail"] and response["Retry-After"]
    assert send(body(name="钱网申"), REMOTE_ADDR="10.1.2.3").status_code == 201


# Tracking


def applied():
    answer = send(body()).json()
    return answer["tracking_number"], answer["query_code"]


def status_of(number, code, **extra):
    return APIClient().get(f"{URL}{number}/", {"code": code}, **extra)


def test_tracking_answers_the_state_steps_deadline_and_nothing_personal(mediator, django_capture_on_commit_callbacks):
    number, code = applied()
    answer = status_of(number, code).json()
    assert (answer["status"], answer["status_label"]) == ("submitted", "已提交")
    assert [(s["status"], s["label"], s["on"]) for s in answer["steps"]] == [("submitted", "已提交", "2026-11-02")]
    assert (answer["next_deadline"]["due"], answer["next_deadline"]["estimated"]) == ("2026-11-05", False)
    assert CHINESE.search(answer["next_deadline"]["label"]) and CHINESE.search(answer["next_step"])
    assert answer["documents"] == [] and answer["phone"] == "12351"
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(Application.objects.get().case, "accept", mediator)
    answer = status_of(number, code).json()
    assert answer["status_label"] == "已受理" and [s["status"] for s in answer["steps"]] == ["submitted", "accepted"]
    assert [d["kind"] for d in answer["documents"]] == ["acceptance_notice"]
    text = json.dumps(answer, ensure_ascii=False)
    for personal in (WORKER_ID, "赵网申", "13900001111", "某某网申服装有限公司", "12400"):
        assert personal not in text
    pdf_response = APIClient().get(f"{URL}{number}/documents/{answer['documents'][0]['id']}/", {"code": code})
    assert pdf_response.status_code == 200 and pdf_response["Content-Type"] == "application/pdf"
    with unchanged():
        wrong = APIClient().get(f"{URL}{number}/documents/{answer['documents'][0]['id']}/", {"code": "00000000"})
    assert wrong.status_code == 404 and wrong["Content-Type"] == "application/json"


def test_an_unknown_number_and_a_wrong_code_answer_alike():
    number, code = applied()
    wrong = status_of(number, "00000000" if code != "00000000" else "11111111")
    unknown = status_of("20261102999999", code)
    missing = APIClient().get(f"{URL}{number}/")
    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert wrong.json() == unknown.json() == missing.json()
    assert "流水号与查询码不符" in wrong.json()["detail"]


def test_wrong_codes_are_throttled_with_the_track_pages_count(settings):
    settings.CASEDESK_PORTAL_TRACK_FAILURES = 3
    number, code = applied()
    Client().post("/track/", {"tracking_number": number, "query_code": "1"})
    for _ in range(2):
        assert status_of(number, "2", REMOTE_ADDR="10.9.9.9").status_code == 404
    refused = status_of(number, code, REMOTE_ADDR="10.1.1.1")  # the right code too, from anywhere
    assert refused.status_code == 429 and refused.json()["error"] == "throttled" and refused["Retry-After"]
    assert Client().post("/track/", {"tracking_number": number, "query_code": code}).status_code == 429


def test_a_declined_application_shows_the_reason_on_the_rejection_notice(supervisor, django_capture_on_commit_callbacks):
    number, code = applied()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(Application.objects.get().case, "reject", supervisor, **REASON)
    answer = status_of(number, code).json()
    assert answer["status_label"] == "不予受理"
    notice = answer["documents"][0]
    assert notice["kind"] == "rejection_notice"
    content = b"".join(APIClient().get(f"{URL}{number}/documents/{notice['id']}/", {"code": code}).streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    assert "已自行和解" in re.sub(r"\s+", "", text)


def test_the_public_endpoints_are_in_the_schema_without_authentication():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert paths[URL]["post"].get("security") in (None, [], [{}])
    assert set(paths[URL]["post"]["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert paths[URL]["get"]["security"]
    assert paths[URL + "{tracking_number}/"]["get"].get("security") in (None, [], [{}])
    schema_fields = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    described = schema_fields["PortalApplicationInputRequest"]
    assert {"consent", "sensitive_consent"} <= set(described["required"])
    assert "website" not in described["properties"] and "claim_amount_2" in described["properties"]

"""POST/GET /api/cases/{id}/documents/, GET /api/documents/{id}/pdf/, and /api/verify/ and /verify/."""

import hashlib
import re
import subprocess

import pytest

from casedesk.cases.models import CaseEvent, PersonalDataAccess
from casedesk.documents.models import GeneratedDocument

from ..conftest import id_number, unchanged

pytestmark = pytest.mark.django_db


def issue(client, case, kind):
    return client.post(f"/api/cases/{case.pk}/documents/", {"kind": kind}, format="json")


def pdf_bytes(response):
    return b"".join(response.streaming_content)


def pdf_text(data):
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_mediator_issues_a_document_and_downloads_the_bytes_whose_sha256_was_recorded(api, agreed, mediator):
    case = agreed()
    client = api(mediator)
    response = issue(client, case, "agreement")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= {"id", "kind", "number", "version", "sha256", "verification_code", "pdf_url"}
    assert body["kind"] == "agreement" and body["version"] == 1
    assert body["number"] == "〔2026〕某工调协字第0001号"
    assert len(body["verification_code"]) >= 20
    download = client.get(body["pdf_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    data = pdf_bytes(download)
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == body["sha256"] == GeneratedDocument.objects.get().sha256
    event = CaseEvent.objects.filter(case=case).order_by("-seq").first()
    assert event.action == "document"
    assert event.data == {"kind": "agreement", "number": body["number"], "version": 1, "sha256": body["sha256"]}
    assert PersonalDataAccess.objects.filter(case=case, action="download_document").count() == 1


def test_a_new_version_is_a_new_row_with_the_same_number_and_the_old_one_stays_downloadable(api, agreed, mediator):
    case = agreed()
    client = api(mediator)
    first, second = issue(client, case, "agreement").json(), issue(client, case, "agreement").json()
    assert (first["version"], second["version"]) == (1, 2)
    assert first["number"] == second["number"]
    assert first["id"] != second["id"] and first["verification_code"] != second["verification_code"]
    old = client.get(first["pdf_url"])
    assert hashlib.sha256(pdf_bytes(old)).hexdigest() == first["sha256"]
    listed = client.get(f"/api/cases/{case.pk}/documents/").json()
    assert [(d["kind"], d["version"]) for d in listed] == [("agreement", 1), ("agreement", 2)]
    assert api(None).get(f"/api/verify/{first['verification_code']}/").json()["latest_version"] == 2


def test_document_numbers_run_per_kind_without_gaps(api, agreed, mediator):
    client = api(mediator)
    one, two = agreed(), agreed()
    assert issue(client, one, "agreement").json()["number"].endswith("协字第0001号")
    assert issue(client, one, "acceptance_notice").json()["number"].endswith("受字第0001号")
    assert issue(client, two, "agreement").json()["number"].endswith("协字第0002号")


def test_an_unknown_kind_is_400_and_changes_nothing(api, agreed, mediator):
    case = agreed()
    events = CaseEvent.objects.filter(case=case).count()
    with unchanged(case):
        response = issue(api(mediator), case, "love_letter")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid" and "kind" in response.json()["fields"]
    assert not GeneratedDocument.objects.exists()
    assert CaseEvent.objects.filter(case=case).count() == events


@pytest.mark.parametrize(("kind", "make"), [
    ("agreement", "mediating"),
    ("confirmation_application", "mediating"),
    ("court_feedback", "agreed"),
    ("session_record", "agreed"),
    ("closing_report", "agreed"),
    ("rejection_notice", "agreed"),
    ("termination", "agreed"),
    ("case_file", "agreed"),
])
def test_a_kind_that_makes_no_sense_in_the_cases_state_is_409(api, request, mediator, kind, make):
    case = request.getfixturevalue(make)()
    with unchanged(case):
        response = issue(api(mediator), case, kind)
    assert response.status_code == 409, response.json()
    assert response.json()["error"] == "wrong_state"
    assert response.json()["detail"]
    assert not GeneratedDocument.objects.exists()


def test_acceptance_notice_before_acceptance_is_409(api, register, mediator):
    case = register()
    with unchanged(case):
        assert issue(api(mediator), case, "acceptance_notice").status_code == 409


def test_a_case_the_user_may_not_see_is_404_for_issuing_listing_and_downloading(api, agreed, mediator, other_mediator):
    case = agreed()
    document = issue(api(mediator), case, "agreement").json()
    stranger = api(other_mediator)
    with unchanged(case):
        assert issue(stranger, case, "agreement").status_code == 404
    assert stranger.get(f"/api/cases/{case.pk}/documents/").status_code == 404
    assert stranger.get(document["pdf_url"]).status_code == 404
    assert stranger.get("/api/documents/999999/pdf/").status_code == 404
    assert api(None).get(document["pdf_url"]).status_code in (401, 403)


def test_a_volunteer_issues_no_documents_and_downloads_no_full_id_numbers(api, agreed, mediator, volunteer):
    case = agreed()
    agreement = issue(api(mediator), case, "agreement").json()
    client = api(volunteer)  # registered the case: may see it, masked
    with unchanged(case):
        assert issue(client, case, "acceptance_notice").status_code == 403
    assert client.get(agreement["pdf_url"]).status_code == 403
    assert client.get(f"/api/cases/{case.pk}/documents/").status_code == 200


def test_an_error_on_the_pdf_download_is_json_even_when_the_client_asks_for_pdf(api, mediator):
    response = api(mediator).get("/api/documents/424242/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_verification_api_and_page_show_the_document_and_no_personal_data(api, client, agreed, mediator):
    case = agreed()
    document = issue(api(mediator), case, "agreement").json()
    code = document["verification_code"]
    answer = api(None).get(f"/api/verify/{code}/")
    assert answer.status_code == 200
    facts = answer.json()
    assert facts["kind"] == "agreement" and facts["number"] == document["number"]
    assert facts["sha256"] == document["sha256"] and facts["issued_on"] == "2026-11-02"
    assert facts["version"] == facts["latest_version"] == 1
    page = client.get(f"/verify/{code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert document["number"] in html and document["sha256"] in html
    for private in ("张0", id_number(0), "13800130000", "某某服装有限公司", case.number):
        assert private not in html and private not in answer.content.decode()


@pytest.mark.parametrize("code", ["made-up-code-000000000000", "x", "A" * 300])
def test_a_made_up_verification_code_is_404(api, client, code):
    answer = api(None).get(f"/api/verify/{code}/")
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"
    assert client.get(f"/verify/{code}/").status_code == 404


def test_a_verification_code_is_five_groups_a_clerk_can_type_back_loosely(api, agreed, mediator):
    code = issue(api(mediator), agreed(), "agreement").json()["verification_code"]
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}", code)
    loose = code.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    for typed in (code, code.replace("-", ""), f" {loose} "):
        assert api(None).get(f"/api/verify/{typed}/").json()["number"].endswith("协字第0001号")


def test_a_code_in_the_earlier_url_safe_format_still_verifies(api, register):
    case = register()
    GeneratedDocument.objects.create(
        case=case, kind="acceptance_notice", year=2026, serial=1, number="〔2026〕某工调受字第0001号", version=1,
        sha256="0" * 64, size=1, pages=1, verification_code="Ab_9-xYz0123456789AbCdEf", file_path="x/1.pdf",
        created_at=case.submitted_at,
    )
    assert api(None).get("/api/verify/Ab_9-xYz0123456789AbCdEf/").json()["number"] == "〔2026〕某工调受字第0001号"
    assert api(None).get("/api/verify/AB_9-XYZ0123456789ABCDEF/").status_code == 404


def test_the_code_prints_whole_under_the_qr_code_breaking_only_between_groups(api, agreed, mediator):
    client = api(mediator)
    document = issue(client, agreed(), "agreement").json()
    text = pdf_text(pdf_bytes(client.get(document["pdf_url"])))
    lines = [line.strip() for line in text.splitlines()]
    groups = document["verification_code"].split("-")
    lines = [line for line in lines if line]  # pdftotext may put an empty line inside a wrapped code
    printed = next(i for i, line in enumerate(lines) if line.startswith(groups[0]))
    pieces = []
    for line in lines[printed:printed + 3]:
        pieces.append(line.replace("-", ""))  # a hyphen at a break may be kept or dropped by pdftotext
        if len("".join(pieces)) >= len("".join(groups)):
            break
    assert "".join(pieces).startswith("".join(groups))
    assert all(len(piece) % 4 == 0 for piece in pieces[:-1])  # broken only between groups

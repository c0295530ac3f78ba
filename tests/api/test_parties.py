"""Issue 14's acceptance path, through the API and the desk: a case keeps its parties as registered
(page, API, a new document version), a correction is in its chain, and the contract still holds."""

import pytest

from casedesk.cases import audit
from casedesk.cases.models import CaseEvent
from casedesk.documents import storage
from casedesk.documents.models import GeneratedDocument

from ..conftest import AGREEMENT, id_number, registration_body
from ..documents.conftest import pdf_text

pytestmark = pytest.mark.django_db

WORKER = {"name": "张国强", "id_number": id_number(43), "phone": "13907971234", "address": "某某县城关镇解放路1号",
          "bank_account": "6222021234567890123", "job": "缝纫工", "employed_from": "2024-03-01",
          "employment_form": "contract"}
LEGAL = {"legal_representative": "刘某某", "legal_representative_title": "执行董事"}


def post(client, url, body=None):
    return client.post(url, body or {}, format="json")


def body_for(worker, **employer):
    body = registration_body(applicants=[worker])
    body["employer"] = {**body["employer"], **LEGAL, **employer}
    return body


def archive(api_of, case_id, mediator):
    url = f"/api/cases/{case_id}/transitions"
    for client, name, data in [
        (api_of["m"], "accept", {}), (api_of["s"], "assign", {"mediator": mediator.pk}),
        (api_of["m"], "reach_agreement", {**AGREEMENT, "performance_method": "transfer"}),
        (api_of["m"], "payments", {"paid_on": "2026-11-02", "amount": AGREEMENT["amount"], "method": "transfer"}),
        (api_of["s"], "close", {}), (api_of["s"], "archive", {}),
    ]:
        target = f"/api/cases/{case_id}/payments/" if name == "payments" else f"{url}/{name}/"
        response = post(client, target, data)
        assert response.status_code in (200, 201), (name, response.json())


def shown(client, case_id):
    """What the API and the case page say of the case's parties."""
    detail = client.get(f"/api/cases/{case_id}/").json()
    return detail["applicants"], detail["employer"]


def test_a_later_case_leaves_the_first_as_it_was_on_the_page_the_api_and_its_documents(
        api, client, volunteer, mediator, supervisor):
    api_of = {"v": api(volunteer), "m": api(mediator), "s": api(supervisor)}
    first = post(api_of["v"], "/api/cases/", body_for(WORKER))
    assert first.status_code == 201, first.json()
    first_id = first.json()["id"]
    applicant = first.json()["applicants"][0]
    assert (applicant["number"], applicant["address"], applicant["job"], applicant["employed_from"]) == (
        1, "某某县城关镇解放路1号", "缝纫工", "2024-03-01")
    assert first.json()["employer"]["legal_representative"] == "刘某某"
    archive(api_of, first_id, mediator)
    s = api_of["s"]
    agreement = post(s, f"/api/cases/{first_id}/documents/", {"kind": "agreement"})
    assert agreement.status_code == 201, agreement.json()
    before_api = shown(s, first_id)
    client.force_login(supervisor)
    before_page = client.get(f"/cases/{first_id}/").content.decode()
    assert "13907971234" in before_page and "某某县城关镇解放路1号" in before_page

    second = post(api_of["v"], "/api/cases/", body_for(
        {**WORKER, "phone": "13907970000", "address": "某某县梅江镇新村2号", "bank_account": "6217000011112222333"},
        address="某某县新区9号", legal_representative="王某"))
    assert second.status_code == 201, second.json()
    assert not second.json()["possible_duplicates"]  # the first case is archived: not an open duplicate

    assert shown(s, first_id) == before_api
    page = client.get(f"/cases/{first_id}/").content.decode()
    assert "13907971234" in page and "13907970000" not in page and "某某县梅江镇新村2号" not in page
    again = post(s, f"/api/cases/{first_id}/documents/", {"kind": "agreement"})
    assert again.status_code == 201 and again.json()["version"] == 2
    text = pdf_text(storage.absolute(GeneratedDocument.objects.get(pk=again.json()["id"]).file_path))
    assert "13907971234" in text and "某某县城关镇解放路1号" in text and "刘某某" in text
    assert "13907970000" not in text and "6217000011112222333" not in text and "王某" not in text
    assert not CaseEvent.objects.filter(case_id=first_id, action="correct_party").exists()


def test_a_correction_through_the_api_is_in_the_chain_and_the_next_document(api, volunteer, mediator, supervisor):
    v, m, s = api(volunteer), api(mediator), api(supervisor)
    case_id = post(v, "/api/cases/", body_for(WORKER)).json()["id"]
    url = f"/api/cases/{case_id}/transitions"
    post(m, f"{url}/accept/")
    post(s, f"{url}/assign/", {"mediator": mediator.pk})
    assert post(m, f"{url}/reach_agreement/", {**AGREEMENT, "performance_method": "cash",
                                               "performance_place": "某某县总工会调解室"}).status_code == 200
    first = post(m, f"/api/cases/{case_id}/documents/", {"kind": "agreement"}).json()

    corrected = post(m, f"/api/cases/{case_id}/corrections/", {
        "party": "applicant", "applicant": 1, "field": "address", "value": "某某县城关镇解放路18号",
        "reason": "身份证住址为18号"})

    assert corrected.status_code == 201, corrected.json()
    assert corrected.json()["applicants"][0]["address"] == "某某县城关镇解放路18号"
    timeline = s.get(f"/api/cases/{case_id}/timeline/").json()
    event = timeline[-1]
    assert event["action"] == "correct_party" and event["actor"]["id"] == mediator.pk
    assert event["data"] == {"party": "applicant", "applicant": 1, "field": "address",
                             "before": "某某县城关镇解放路1号", "after": "某某县城关镇解放路18号", "reason": "身份证住址为18号"}
    assert audit.verify_all() == []
    second = post(m, f"/api/cases/{case_id}/documents/", {"kind": "agreement"}).json()
    old_text = pdf_text(storage.absolute(GeneratedDocument.objects.get(pk=first["id"]).file_path))
    new_text = pdf_text(storage.absolute(GeneratedDocument.objects.get(pk=second["id"]).file_path))
    assert "解放路1号" in old_text and "解放路18号" not in old_text  # the earlier version stays as it was
    assert "解放路18号" in new_text
    assert "现金当面支付，支付地点：某某县总工会调解室" in new_text


@pytest.mark.parametrize(("who", "status"), [("volunteer", 403), ("other_mediator", 404), ("supervisor", 201)])
def test_correction_refusals_through_the_api(api, volunteer, mediator, other_mediator, supervisor, who, status):
    users = {"volunteer": volunteer, "other_mediator": other_mediator, "supervisor": supervisor}
    case_id = post(api(volunteer), "/api/cases/", body_for(WORKER)).json()["id"]
    post(api(mediator), f"/api/cases/{case_id}/transitions/accept/")
    post(api(supervisor), f"/api/cases/{case_id}/transitions/assign/", {"mediator": mediator.pk})
    events = CaseEvent.objects.filter(case_id=case_id).count()
    response = post(api(users[who]), f"/api/cases/{case_id}/corrections/", {
        "party": "employer", "field": "contact_name", "value": "李主管", "reason": "联系人变更"})
    assert response.status_code == status, response.json()
    assert CaseEvent.objects.filter(case_id=case_id).count() == events + (status == 201)
    if status != 201:
        assert set(response.json()) == {"error", "detail", "fields"}


def test_a_bad_correction_is_a_400_in_the_error_shape(api, volunteer):
    case_id = post(api(volunteer), "/api/cases/", body_for(WORKER)).json()["id"]
    response = post(api(volunteer), f"/api/cases/{case_id}/corrections/", {
        "party": "applicant", "applicant": 1, "field": "phone", "value": "12345", "reason": "更正", "extra": 1})
    assert response.status_code == 400
    assert {"value", "extra"} <= set(response.json()["fields"])
    assert CaseEvent.objects.filter(case_id=case_id).count() == 1


def test_the_schema_describes_corrections_and_the_new_fields(api, supervisor):
    schema = api(supervisor).get("/api/schema/", {"format": "json"}).json()
    assert "post" in schema["paths"]["/api/cases/{case_id}/corrections/"]
    components = schema["components"]["schemas"]
    assert {"party", "applicant", "field", "value", "reason"} <= set(components["CorrectionInputRequest"]["properties"])
    assert {"address", "job", "employed_from", "employed_until", "bank_account", "name_confirmed"} <= set(
        components["ApplicantInputRequest"]["properties"])
    assert {"legal_representative", "legal_representative_title"} <= set(components["EmployerInputRequest"]["properties"])
    assert {"performance_method", "performance_place", "payee_account", "shares"} <= set(
        components["TransitionInputRequest"]["properties"])
    assert "429" in schema["paths"]["/api/cases/"]["post"]["responses"]

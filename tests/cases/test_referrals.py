"""A case referred in by another body ("工会+N", channel "transfer"): the body, its reference number (文号)
and the date are part of the registration, required for that channel, refused with nothing saved."""

import pytest

from casedesk.cases.models import Case, CaseEvent, Referral

from ..conftest import registration_body, unchanged

pytestmark = pytest.mark.django_db

REFERRAL = {"body": "arbitration", "body_name": "某某县劳动人事争议仲裁院", "reference_number": "某劳人仲转〔2026〕15号",
            "referred_on": "2026-10-30"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def post(client, **overrides):
    return client.post("/api/cases/", registration_body(**overrides), format="json", **ZH)


def test_the_api_registers_a_referred_case_and_shows_its_referral(api, volunteer, supervisor):
    response = post(api(volunteer), channel="transfer", referral=REFERRAL)
    assert response.status_code == 201, response.content
    case = Case.objects.get()
    assert response.json()["referral"] == REFERRAL
    assert (case.referral.body, case.referral.reference_number) == ("arbitration", "某劳人仲转〔2026〕15号")
    assert not hasattr(case, "court_referral")
    assert api(supervisor).get(f"/api/cases/{case.pk}/").json()["referral"]["reference_number"] == "某劳人仲转〔2026〕15号"
    created = CaseEvent.objects.get(case=case, action="create").data
    assert (created["referring_body"], created["reference_number"]) == ("arbitration", "某劳人仲转〔2026〕15号")
    assert api(supervisor).get(f"/api/cases/{Case.objects.get().pk}/").json()["court_referral"] is None


@pytest.mark.parametrize(("referral", "field", "message"), [
    (None, "referral", "其他部门移交的案件须填写移交单位、移交文号和移交日期。"),
    ({**REFERRAL, "reference_number": ""}, "referral.reference_number", "该字段是必填项。"),
    ({k: v for k, v in REFERRAL.items() if k != "reference_number"}, "referral.reference_number", "该字段是必填项。"),
    ({**REFERRAL, "body": "other", "body_name": ""}, "referral.body_name", "请填写移交单位的名称。"),
    ({**REFERRAL, "body": "police"}, "referral.body", ""),
    ({**REFERRAL, "referred_on": "2026-11-03"}, "referral.referred_on", "移交日期不能晚于今天。"),
])
def test_a_transferred_case_without_its_referral_is_refused_with_nothing_saved(api, volunteer, referral, field,
                                                                                 message):
    with unchanged():
        response = post(api(volunteer), channel="transfer", referral=referral)
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert field in fields, fields
    assert message in fields[field][0]
    assert not Case.objects.exists() and not Referral.objects.exists()


def test_only_a_transferred_case_carries_a_referral(api, volunteer):
    with unchanged():
        response = post(api(volunteer), channel="walk_in", referral=REFERRAL)
    assert response.status_code == 400
    assert response.json()["fields"]["referral"] == ["只有其他部门移交的案件才填写移交单位。"]


def test_a_body_of_its_own_kind_needs_no_name_and_is_addressed_by_its_kind(register):
    case = register(channel="transfer", referral={**REFERRAL, "body": "procuratorate", "body_name": ""})
    assert case.referral.addressee == "人民检察院"

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
    detail = api(supervisor).get(f"/api/cases/{case.pk}/").json()
    assert detail["referral"] == REFERRAL and detail["court_referral"] is None
    created = CaseEvent.objects.get(case=case, action="create").data
    assert (created["referring_body"], created["reference_number"]) == ("arbitration", "某劳人仲转〔2026〕15号")


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


def test_the_referral_is_corrected_through_the_correction_step(api, login, register, supervisor):
    case = register(channel="transfer", referral=REFERRAL)
    response = api(supervisor).post(f"/api/cases/{case.pk}/corrections/", {
        "party": "referral", "field": "reference_number", "value": "某劳人仲转〔2026〕16号", "reason": "文号抄错"},
        format="json")
    assert response.status_code == 201, response.content
    assert response.json()["referral"]["reference_number"] == "某劳人仲转〔2026〕16号"
    event = CaseEvent.objects.filter(case=case).latest("seq")
    assert (event.action, event.data["party"], event.data["before"], event.data["after"]) == (
        "correct_party", "referral", "某劳人仲转〔2026〕15号", "某劳人仲转〔2026〕16号")
    response = login(supervisor).post(f"/cases/{case.pk}/corrections/", {
        "who": "referral", "field": "referred_on", "value": "2026-10-29", "reason": "日期抄错"})
    assert response.status_code == 302
    case.referral.refresh_from_db()
    assert str(case.referral.referred_on) == "2026-10-29"
    assert "2026年10月29日" in login(supervisor).get(f"/cases/{case.pk}/").content.decode()


@pytest.mark.parametrize(("correction", "field", "message"), [
    ({"field": "reference_number", "value": ""}, "value", "请填写更正后的内容。"),
    ({"field": "referred_on", "value": "2026-11-05"}, "value", "移交日期不能晚于今天。"),
    ({"field": "summary", "value": "改"}, "field", "这一项不属于可以更正的移交信息。"),
])
def test_a_bad_correction_of_the_referral_is_refused_with_nothing_changed(api, register, supervisor, correction,
                                                                           field, message):
    case = register(channel="transfer", referral=REFERRAL)
    with unchanged(case):
        response = api(supervisor).post(f"/api/cases/{case.pk}/corrections/",
                                        {"party": "referral", "reason": "更正", **correction}, format="json", **ZH)
    assert response.status_code == 400
    assert response.json()["fields"][field] == [message]


def test_a_case_nobody_referred_has_no_referral_to_correct(api, register, supervisor):
    case = register()
    with unchanged(case):
        response = api(supervisor).post(f"/api/cases/{case.pk}/corrections/", {
            "party": "referral", "field": "reference_number", "value": "某转〔2026〕1号", "reason": "补录"},
            format="json", **ZH)
    assert response.status_code == 400
    assert response.json()["fields"]["party"] == ["本案不是其他部门移交的案件。"]

"""Correcting a court's referral (法院委派、委托): the court, its case number, the day it referred the case, the
day the union signed for its materials and the days it allows, through the one correction step. A corrected
day signed for or number of days moves the court's mediation deadline while it runs, unless both parties
agreed on a date (an extension)."""

import datetime
import re

import pytest

from casedesk.cases import steps, transitions
from casedesk.cases.errors import InvalidData
from casedesk.cases.models import Case, CaseEvent

from ..conftest import AGREEMENT, COURT_REFERRAL, registration_body, unchanged

pytestmark = pytest.mark.django_db

REASON = "法院移交材料登记有误，已与法院核对。"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def correct(case, actor, field, value):
    return steps.record(case, "correct_party", actor, party="court_referral", field=field, value=value, reason=REASON)


def test_the_court_case_number_is_corrected_and_the_case_page_shows_it(court_case, mediator, login):
    case = court_case()

    event = correct(case, mediator, "court_case_number", "（2026）浙0101民诉前调89号")

    assert Case.objects.get(pk=case.pk).court_referral.court_case_number == "（2026）浙0101民诉前调89号"
    assert event.data == {"party": "court_referral", "field": "court_case_number",
                          "before": COURT_REFERRAL["court_case_number"], "after": "（2026）浙0101民诉前调89号",
                          "reason": REASON}
    page = login(mediator).get(f"/cases/{case.pk}/").content.decode()
    assert "（2026）浙0101民诉前调89号" in page


def test_a_later_day_signed_for_moves_the_courts_deadline_and_the_event_says_to_when(court_case, mediator):
    case = court_case()  # referred and signed for on Friday 30 October: due Monday 30 November
    assert case.mediation_due == datetime.date(2026, 11, 30)

    event = correct(case, mediator, "received_on", "2026-11-02")

    case = Case.objects.get(pk=case.pk)
    assert case.court_referral.received_on == datetime.date(2026, 11, 2)
    assert case.mediation_due == datetime.date(2026, 12, 2)
    assert (event.data["before"], event.data["after"], event.data["mediation_due"]) == (
        "2026-10-30", "2026-11-02", "2026-12-02")


def test_the_days_the_court_allows_corrected_move_its_deadline(court_case, mediator):
    case = court_case()

    event = correct(case, mediator, "mediation_days", "15")

    assert Case.objects.get(pk=case.pk).mediation_due == datetime.date(2026, 11, 16)  # 30 Oct + 15 = Sat 14 → Mon
    assert (event.data["before"], event.data["after"], event.data["mediation_due"]) == ("30", "15", "2026-11-16")


def test_a_date_both_parties_agreed_on_stays_when_the_day_signed_for_is_corrected(court_case, mediator):
    case = court_case()
    transitions.perform(case, "extend", mediator, until="2026-12-10", reason="双方同意延长", parties_consent=True)

    event = correct(case, mediator, "received_on", "2026-11-02")

    assert Case.objects.get(pk=case.pk).mediation_due == datetime.date(2026, 12, 10)
    assert "mediation_due" not in event.data


def test_once_mediation_has_a_result_the_deadline_it_was_measured_by_stays(court_case, mediator):
    case = court_case()
    transitions.perform(case, "reach_agreement", mediator, **AGREEMENT)

    correct(case, mediator, "received_on", "2026-11-02")

    assert Case.objects.get(pk=case.pk).mediation_due == datetime.date(2026, 11, 30)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("received_on", "2026-10-29", "签收材料日期早于委派（委托）日期（2026年10月30日）：请核对。"),
    ("received_on", "2026-11-03", "签收材料日期不能晚于今天。"),
    ("referred_on", "2026-10-31", "委派（委托）日期晚于签收材料日期（2026年10月30日）：请核对。"),
    ("referred_on", "2026-10-01", "日期早于争议发生日期（2026年10月8日）：请核对。"),
    ("mediation_days", "91", "法院确定的调解期限应为1至90日。"),
    ("mediation_days", "三十", "法院确定的调解期限应为1至90日。"),
    ("court", "", "请填写更正后的内容。"),
    ("body_name", "某某县人民法院", "这一项不属于可以更正的法院委派（委托）信息。"),
])
def test_a_bad_correction_of_the_court_referral_is_refused_with_nothing_changed(api, court_case, mediator, field,
                                                                                value, message):
    case = court_case()
    with unchanged(case):
        response = api(mediator).post(f"/api/cases/{case.pk}/corrections/", {
            "party": "court_referral", "field": field, "value": value, "reason": REASON}, format="json", **ZH)
    assert response.status_code == 400, response.content
    assert response.json()["fields"]["value" if field != "body_name" else "field"] == [message]


def test_a_court_case_number_another_case_holds_is_refused(court_case, register, mediator):
    other = register(channel="court_delegated", court_referral={**COURT_REFERRAL, "court_case_number": "（2026）浙0101民诉前调90号"})
    case = court_case()
    with unchanged(case), pytest.raises(InvalidData) as refused:
        correct(case, mediator, "court_case_number", "(2026)浙0101民诉前调90号")
    assert refused.value.fields == {"value": [
        f"法院的这一案号已登记为本会案件{other.number}：请核对案号；同一纠纷请在该案件中办理。"]}


def test_a_case_no_court_referred_has_no_court_referral_to_correct(api, register, supervisor):
    case = register()
    with unchanged(case):
        response = api(supervisor).post(f"/api/cases/{case.pk}/corrections/", {
            "party": "court_referral", "field": "court", "value": "某某县人民法院", "reason": REASON},
            format="json", **ZH)
    assert response.status_code == 400
    assert response.json()["fields"]["party"] == ["本案不是法院委派或委托调解的案件。"]


def test_the_timeline_reads_the_correction_in_words(court_case, mediator, supervisor, login):
    case = court_case()
    correct(case, mediator, "received_on", "2026-11-02")
    assert CaseEvent.objects.filter(case=case).latest("seq").action == "correct_party"

    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", login(supervisor).get(
        f"/reports/cases/{case.pk}/timeline/").content.decode()))

    assert "调解期限 2026年12月2日 更正对象 法院委派（委托）信息 更正事项 签收材料日期 更正前 2026年10月30日 更正后 2026年11月2日" in page


def test_the_api_takes_the_day_signed_for_and_gives_it_back(api, volunteer):
    body = registration_body(channel="court_delegated", court_referral={
        **COURT_REFERRAL, "referred_on": "2026-10-26", "received_on": "2026-10-28", "mediation_days": 20})
    response = api(volunteer).post("/api/cases/", body, format="json")
    assert response.status_code == 201, response.content
    referral = response.json()["court_referral"]
    assert (referral["referred_on"], referral["received_on"], referral["mediation_days"]) == (
        "2026-10-26", "2026-10-28", 20)
    assert response.json()["mediation_due"] == "2026-11-17"  # 28 Oct + 20 days

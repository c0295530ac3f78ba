"""The documents a court clerk reads (issue 15, "Documents"), read back with pdftotext: free text fitted
into its sentence, the rejection's decision date, the employer's side and the points in dispute on the
court letter, one name per referral kind everywhere, the arbitration period computed, estimates said."""

import datetime
import re
import zoneinfo

import pytest

from casedesk.cases import clock, intake, transitions
from casedesk.documents import storage, text
from casedesk.documents.rendering import render_document

from ..conftest import COURT_REFERRAL, registration_body
from .conftest import pdf_text

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DOUBLED = ("。。", "。）", "。，", "。；", "，。", "；。")


def text_of(document):
    """The PDF's text, the page footers (page number, QR caption and code) left out: a sentence may run on."""
    return re.sub(r"—\d+—扫码核验[A-Za-z0-9_-]+", "", pdf_text(storage.absolute(document.file_path)))


def assert_no_doubled_punctuation(content):
    assert [pair for pair in DOUBLED if pair in content] == []


@pytest.mark.parametrize("raw, fitted", [
    ("不属于本会受理范围，建议申请仲裁调解。", "不属于本会受理范围，建议申请仲裁调解"),
    ("双方调解不成。 ", "双方调解不成"), ("理由如下；", "理由如下"), ("已和解...", "已和解"), ("无", "无"), (None, ""),
])
def test_free_text_loses_its_closing_punctuation_so_the_sentence_can_end_it(raw, fitted):
    assert text.clause(raw) == fitted


# Doubled punctuation, every embedded free text


def test_the_rejection_notice_reads_cleanly_and_gives_the_decision_date(register, walk, supervisor):
    case = register()
    with clock.frozen(datetime.datetime(2026, 11, 3, 15, 0, tzinfo=SHANGHAI)):
        case = walk(case, ("reject", supervisor, {"reason": "争议已进入仲裁程序，建议申请仲裁调解。"}))
    with clock.frozen(datetime.datetime(2026, 11, 5, 9, 0, tzinfo=SHANGHAI)):
        content = text_of(render_document(case, "rejection_notice", supervisor))
    assert "理由：争议已进入仲裁程序，建议申请仲裁调解。你可以" in content
    assert_no_doubled_punctuation(content)
    assert "本会于2026年11月3日决定不予受理" in content  # the decision's date, beside the issue date
    assert content.rstrip().endswith("2026年11月5日") or "2026年11月5日" in content


def test_the_termination_of_a_withdrawn_case_reads_cleanly(register, walk, volunteer, mediator):
    case = walk(register(), ("withdraw", volunteer, {"reason": "已与单位自行协商解决，撤回申请。"}))
    content = text_of(render_document(case, "termination", mediator))
    assert "理由：已与单位自行协商解决，撤回申请。本会决定终止调解" in content
    assert_no_doubled_punctuation(content)


def test_the_court_letter_on_a_failed_case_reads_cleanly(court_case, walk, mediator):
    case = walk(court_case(), ("record_failure", mediator, {"reason": "双方对加班事实分歧较大，调解不成。"}))
    content = text_of(render_document(case, "court_feedback", mediator))
    assert "（双方对加班事实分歧较大，调解不成）。" in content
    assert_no_doubled_punctuation(content)


def test_the_court_letter_says_when_the_union_signed_for_the_materials_when_not_the_day_referred(
        volunteer, mediator, supervisor):
    referral = {**COURT_REFERRAL, "referred_on": "2026-10-28", "received_on": "2026-10-30"}
    case = intake.register_case(actor=volunteer, data=registration_body(
        channel="court_delegated", court_referral=referral)).case
    for name, actor, data in (("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}),
                              ("record_failure", mediator, {"reason": "分歧较大"})):
        case = transitions.perform(case, name, actor, **data)
    content = re.sub(r"\s+", "", text_of(render_document(case, "court_feedback", mediator)))
    assert "贵院于2026年10月28日委派本会调解的" in content
    assert "劳动争议一案，本会于2026年10月30日签收贵院移交的材料，于2026年11月2日受理" in content


# The employer's position and the points in dispute


def test_the_court_letter_prints_the_employers_position_and_the_points_in_dispute(court_case, walk, mediator):
    case = walk(court_case(), ("record_failure", mediator, {
        "reason": "分歧较大",
        "employer_position": "被申请人认为申请人系自动离职，工资已按月结清。",
        "points_in_dispute": "一、申请人是否系自动离职；\n二、2026年7月至9月工资是否已经结清。",
    }))
    content = text_of(render_document(case, "court_feedback", mediator))
    assert "被申请人的意见：被申请人认为申请人系自动离职，工资已按月结清。" in content
    assert "双方争议的焦点：一、申请人是否系自动离职；二、2026年7月至9月工资是否已经结清。" in content
    assert "申请人的请求：（1）" in content and "¥18,600.00" in content


def test_without_them_the_letter_lists_the_claims_in_dispute(court_case, walk, mediator):
    case = walk(court_case(), ("record_failure", mediator, {"reason": "分歧较大"}))
    content = text_of(render_document(case, "court_feedback", mediator))
    assert "双方争议的焦点：（1）" in content and "双方未能就此达成一致" in content
    assert "被申请人的意见" not in content


# One name per referral kind, everywhere


@pytest.fixture
def court_cases(volunteer, mediator, supervisor):
    def make(kind):
        channel = "court_delegated" if kind == "pre_litigation" else "court_commissioned"
        body = registration_body(channel=channel, court_referral={**COURT_REFERRAL, "kind": kind})
        case = intake.register_case(actor=volunteer, data=body).case
        for name, actor, data in (("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}),
                                  ("record_failure", mediator, {"reason": "分歧较大"})):
            case = transitions.perform(case, name, actor, **data)
        return case

    return make


@pytest.mark.parametrize("kind, name, other", [
    ("pre_litigation", "委派调解反馈函", "委托调解反馈函"),
    ("commissioned", "委托调解反馈函", "委派调解反馈函"),
])
def test_the_court_letter_has_one_name_per_referral_kind_everywhere(court_cases, client, supervisor, kind, name, other):
    case = court_cases(kind)
    document = render_document(case, "court_feedback", supervisor)
    content = text_of(document)
    assert content.count(name) >= 1 and other not in content
    client.force_login(supervisor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert name in page and other not in page
    verify = client.get(f"/verify/{document.verification_code}/").content.decode()
    assert name in verify and other not in verify
    timeline = client.get(f"/reports/cases/{case.pk}/timeline/").content.decode()
    assert name in timeline and other not in timeline
    api = client.get(f"/api/verify/{document.verification_code}/").json()
    assert api["kind_display"] == name


@pytest.mark.parametrize("kind, word", [("pre_litigation", "委派"), ("commissioned", "委托")])
def test_a_court_cases_termination_sends_it_back_to_the_court_not_to_arbitration(court_cases, supervisor, kind, word):
    """The acceptance notice told the parties a failed court case goes back to the court: the letter ending
    the mediation says the same, and neither advises arbitration nor counts an arbitration period."""
    case = court_cases(kind)
    content = text_of(render_document(case, "termination", supervisor))
    assert f"{word}调解的案件" in content
    assert "本会将调解情况函告人民法院，案件依法转入诉讼程序。" in content
    assert "仲裁" not in content
    accepted = text_of(render_document(case, "acceptance_notice", supervisor))
    assert "调解不成的，本会将调解情况函告人民法院，案件依法转入诉讼程序。" in accepted


def test_a_court_case_not_accepted_goes_back_to_the_court(volunteer, supervisor):
    body = registration_body(channel="court_delegated", court_referral=COURT_REFERRAL)
    case = intake.register_case(actor=volunteer, data=body).case
    case = transitions.perform(case, "reject", supervisor, reason="被申请人已进入破产清算程序")
    content = text_of(render_document(case, "rejection_notice", supervisor))
    assert "本案系某某县人民法院委派调解的案件" in content
    assert "本会将不予受理的情况函告人民法院，案件由人民法院依法处理。" in content
    assert "仲裁" not in content


# Computed periods, and estimates said


def test_the_termination_notice_says_from_when_until_when_the_worker_may_apply(volunteer, mediator, supervisor):
    body = registration_body(category="contract_termination", dispute_started_on="2026-03-02")
    case = intake.register_case(actor=volunteer, data=body).case
    case = transitions.perform(case, "accept", mediator)
    case = transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
    case = transitions.perform(case, "record_failure", mediator, reason="分歧较大")
    content = text_of(render_document(case, "termination", mediator))
    assert "仲裁时效因申请人于2026年11月2日向本会申请调解而中断，自2026年11月2日起重新计算" in content
    assert "申请人可以自2026年11月2日起至2027年11月2日止向有管辖权的劳动人事争议仲裁委员会申请仲裁" in content
    assert "该日期所在年度的节假日安排尚未公布，按周末推算" in content  # 2027 is not loaded
    assert "《中华人民共和国劳动争议调解仲裁法》第二十七条第二款" in content


def test_the_acceptance_notice_says_a_date_in_an_unloaded_year_is_estimated(register, walk, mediator):
    case = register()
    with clock.frozen(datetime.datetime(2026, 12, 21, 10, 0, tzinfo=SHANGHAI)):
        case = walk(case, ("accept", mediator, {}))
        content = text_of(render_document(case, "acceptance_notice", mediator))
    assert "本案调解应当于2027年1月5日前结束（2027年节假日安排尚未公布，该日期按周末推算，公布后可能调整）" in content
    assert "《企业劳动争议协商调解规定》（人力资源和社会保障部令第17号）第二十九条" in content


def test_a_date_in_a_loaded_year_carries_no_such_note(register, walk, mediator):
    case = walk(register(), ("accept", mediator, {}))
    content = text_of(render_document(case, "acceptance_notice", mediator))
    assert "按周末推算" not in content and "本案调解应当于2026年11月17日前结束" in content

"""Every kind of document, issued for a case walked through the transition service, read back with pdftotext."""

import pytest

from casedesk.documents import storage
from casedesk.documents.rendering import render_document
from casedesk.payments import services as payments

from ..conftest import AGREEMENT, COURT_REFERRAL, id_number
from ..factories import MediationSessionFactory
from .conftest import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

FULL_ID = id_number(0)
MASKED_ID = FULL_ID[:6] + "********" + FULL_ID[-4:]
ART_14 = "自劳动争议调解组织收到调解申请之日起十五日内未达成调解协议的，当事人可以依法申请仲裁"
ART_27 = "劳动争议申请仲裁的时效期间为一年"


def text_of(document):
    return pdf_text(storage.absolute(document.file_path))


def assert_parties(text, case):
    assert "张0" in text
    assert "某某服装有限公司" in text
    assert case.number in text


def test_acceptance_notice_names_the_parties_the_deadline_and_article_14(case_at, mediator):
    case = case_at("accepted")
    document = render_document(case, "acceptance_notice", mediator)
    text = text_of(document)
    assert_parties(text, case)
    assert "受理通知书" in text and document.number in text
    assert document.number == "〔2026〕某工调受字第0001号"
    assert "2026年11月2日" in text  # accepted on
    assert "2026年11月17日" in text  # mediation due, 15 days later
    assert ART_14 in text
    assert "¥18,600.00" in text and "人民币壹万捌仟陆佰元整" in text
    assert MASKED_ID in text and FULL_ID not in text
    assert "某某县总工会" in text


def test_rejection_notice_gives_the_reason_and_the_other_remedies(register, walk, supervisor):
    case = walk(register(), ("reject", supervisor, {"reason": "被申请人明确表示不同意调解"}))
    text = text_of(render_document(case, "rejection_notice", supervisor))
    assert "不予受理通知书" in text
    assert "被申请人明确表示不同意调解" in text
    assert ART_27 in text and "仲裁" in text and "人民法院提起诉讼" in text
    assert "2026年11月2日" in text


def test_mediation_notice_gives_time_place_parties_and_mediator(mediating, mediator):
    case = mediating()
    MediationSessionFactory(case=case, mediator=mediator, place="县总工会第二调解室")
    text = text_of(render_document(case, "mediation_notice", mediator))
    assert_parties(text, case)
    assert "2026年11月10日10时00分" in text
    assert "县总工会第二调解室" in text
    assert "调解员：陈调解" in text


def test_session_record_carries_statements_and_signature_lines(mediating, mediator):
    case = mediating()
    MediationSessionFactory(case=case, mediator=mediator, statements="申请人：公司欠我三个月工资。\n被申请人：同意分两期支付。")
    text = text_of(render_document(case, "session_record", mediator))
    assert_parties(text, case)
    assert "申请人：公司欠我三个月工资。" in text and "被申请人：同意分两期支付。" in text
    assert "申请人、被申请人代表、调解员" in text  # present
    assert "调解员陈调解（签名）" in text and "申请人张0（签名）" in text and "记录人（签名）" in text


def test_agreement_has_full_party_data_amount_in_both_forms_statutes_and_signatures(agreed, mediator):
    case = agreed()
    document = render_document(case, "agreement", mediator)
    path = storage.absolute(document.file_path)
    text = pdf_text(path)
    assert_parties(text, case)
    assert FULL_ID in text and "13800130000" in text
    assert "91330100" in text and "某某县工业园区纬三路8号" in text
    assert "被申请人于2026年11月30日前向申请人支付2026年7月至9月工资" in text
    assert "¥18,600.00" in text and "人民币壹万捌仟陆佰元整" in text
    assert "2026年11月30日前履行完毕" in text
    assert "经调解员签名并加盖某某县总工会印章后生效" in text  # Art. 14
    assert "支付令" in text and "第十六条" in text
    assert "《中华人民共和国人民调解法》第三十三条" in text
    assert "申请人张0（签名）" in text and "被申请人（盖章）" in text and "调解员陈调解（签名）" in text
    assert "某某县总工会（盖章）" in text
    fonts = pdf_fonts(path)
    assert fonts and all(" yes yes " in line for line in fonts), fonts  # every font embedded and subset
    assert any("Noto-Serif-CJK-SC" in line for line in fonts)


def test_termination_gives_the_reason_and_the_right_to_arbitration(mediating, walk, mediator):
    case = walk(mediating(), ("record_failure", mediator, {"reason": "双方对工资数额分歧较大"}))
    text = text_of(render_document(case, "termination", mediator))
    assert_parties(text, case)
    assert "调解终止书" in text and "双方对工资数额分歧较大" in text
    assert ART_27 in text and "劳动人事争议仲裁委员会申请仲裁" in text


def test_confirmation_application_names_both_parties_the_agreement_and_the_court(agreed, walk, mediator):
    case = walk(agreed(), ("apply_confirmation", mediator, {"court": "某某县人民法院", "applied_on": "2026-11-02"}))
    text = text_of(render_document(case, "confirmation_application", mediator))
    assert "司法确认申请书" in text
    assert "张0" in text and FULL_ID in text and "13800130000" in text
    assert "某某服装有限公司" in text and "0571-88886666" in text and "某某县工业园区纬三路8号" in text
    assert "请求某某县人民法院确认" in text and text.count("某某县人民法院") >= 2
    assert "¥18,600.00" in text and "人民币壹万捌仟陆佰元整" in text
    assert "第三十三条" in text


def test_court_feedback_on_a_failed_court_case_lists_the_points_in_dispute(court_case, walk, mediator):
    case = walk(court_case(), ("record_failure", mediator, {"reason": "被申请人否认存在劳动关系"}))
    text = text_of(render_document(case, "court_feedback", mediator))
    assert "委派调解反馈函" in text
    assert "某某县人民法院：" in text and COURT_REFERRAL["court_case_number"] in text
    assert "未能达成调解协议" in text and "被申请人否认存在劳动关系" in text
    assert "拖欠工资" in text and "¥18,600.00" in text and "人民币壹万捌仟陆佰元整" in text


def test_court_feedback_on_a_settled_court_case_gives_the_agreement(court_case, walk, mediator):
    case = walk(court_case(), ("reach_agreement", mediator, AGREEMENT))
    text = text_of(render_document(case, "court_feedback", mediator))
    assert "自愿达成调解协议" in text
    assert "¥18,600.00" in text and "人民币壹万捌仟陆佰元整" in text


def test_closing_report_gives_outcome_amount_recovered_and_timeline(agreed, walk, supervisor):
    case = agreed()
    payments.record_payment(case, supervisor, paid_on="2026-11-02", amount="18600.00", method="transfer")
    case = walk(case, ("close", supervisor, {}))
    text = text_of(render_document(case, "closing_report", supervisor))
    assert_parties(text, case)
    assert "结案报告" in text and "调解成功" in text
    assert "¥18,600.00（人民币壹万捌仟陆佰元整）" in text
    for step in ("登记申请", "受理", "指派调解员", "达成调解协议", "结案"):
        assert step in text
    assert "陈调解" in text and "王主任" in text

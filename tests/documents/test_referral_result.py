"""The letter on the result (办理结果告知函) to the body that referred a case ("工会+N"): rendered through the
one document service, its result told in the same words as the court's feedback letter, offered once
mediation has a result, issued by itself when the case is closed."""

import pytest

from casedesk.cases.errors import TransitionNotAllowed
from casedesk.documents import offers
from casedesk.documents.models import GeneratedDocument
from casedesk.documents.rendering import render_document

from ..conftest import AGREEMENT, unchanged
from .test_kinds import text_of

pytestmark = pytest.mark.django_db

REFERRAL = {"body": "arbitration", "body_name": "某某县劳动人事争议仲裁院", "reference_number": "某劳人仲转〔2026〕15号",
            "referred_on": "2026-10-30"}


def referred(case_at, state):
    return case_at(state, channel="transfer", referral=REFERRAL)


def test_closing_a_referred_case_issues_the_letter_on_its_result(case_at, walk, supervisor,
                                                                  django_capture_on_commit_callbacks):
    case = referred(case_at, "failed")
    assert "referral_result" in [o.kind for o in offers.offers(case, supervisor, True)]
    with django_capture_on_commit_callbacks(execute=True):
        case = walk(case, ("close", supervisor, {}))
    letter = GeneratedDocument.objects.get(case=case, kind="referral_result")
    assert letter.number == "〔2026〕某工调复字第0001号"
    text = text_of(letter)
    assert "办理结果告知函" in text and letter.number in text
    assert "某某县劳动人事争议仲裁院：" in text
    assert "贵单位于2026年10月30日以某劳人仲转〔2026〕15号转来的申请人张0与被申请人某某服装有限公司劳动争议一案" in text
    assert f"受理（本会案号{case.number}）" in text and "现将办理结果函告如下" in text
    # The result in the court letter's words: failed, the claims, the points in dispute; then the seal.
    assert "未能达成调解协议" in text and "申请人与被申请人已自行和解" in text
    assert "2026年7月至9月工资" in text
    assert "¥18,600.00" in text and "双方争议的焦点" in text
    assert "特此函告。" in text and "贵院" not in text
    assert not GeneratedDocument.objects.filter(case=case, kind="court_feedback").exists()


def test_the_letter_on_a_settled_case_gives_the_agreement(case_at, mediator):
    case = referred(case_at, "agreed")
    text = text_of(render_document(case, "referral_result", mediator))
    assert "自愿达成调解协议" in text and "¥18,600.00" in text and "人民币壹万捌仟陆佰元整" in text
    assert AGREEMENT["terms"].splitlines()[0].replace(" ", "")[:20] in text


def test_the_letter_waits_for_a_result_and_is_only_for_a_referred_case(case_at, mediator, supervisor):
    mediating = referred(case_at, "mediating")
    assert "referral_result" not in [o.kind for o in offers.offers(mediating, supervisor, True)]
    with unchanged(mediating), pytest.raises(TransitionNotAllowed) as pending:
        render_document(mediating, "referral_result", mediator)
    assert str(pending.value.message) == "调解有结果后才能出具办理结果告知函。"
    walk_in = case_at("failed")
    assert "referral_result" not in [o.kind for o in offers.offers(walk_in, supervisor, True)]
    with unchanged(walk_in), pytest.raises(TransitionNotAllowed) as other:
        render_document(walk_in, "referral_result", mediator)
    assert str(other.value.message) == "只有其他部门移交的案件才出具办理结果告知函。"

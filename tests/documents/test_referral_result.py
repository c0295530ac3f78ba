"""The letter on the result (办理结果告知函) to the body that referred a case ("工会+N"): rendered through the
one document service, its result told in the same words as the court's feedback letter, offered once
mediation has a result, issued by itself when the case is closed; then sent, a checklist step as the
court letter's is."""

import re

import pytest

from casedesk.cases import steps
from casedesk.cases.errors import InvalidData, NotPermitted, TransitionNotAllowed
from casedesk.cases.models import CaseEvent
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


def checklist_item(client, case, name):
    page = client.get(f"/cases/{case.pk}/").content.decode()
    found = re.search(rf'<li id="step-{name}" class="(\w+)">(.*?)</li>', page, re.S)
    return (found.group(1), found.group(2)) if found else None


def test_sending_the_letter_is_a_checklist_step_of_a_closed_referred_case(case_at, login, supervisor, mediator):
    case = referred(case_at, "closed")
    client = login(supervisor)
    status, item = checklist_item(client, case, "referral_result_sent")
    assert status == "pending" and "向移交单位发送办理结果告知函" in item and "告知函已发送" in item
    assert 'name="sent_on"' in item
    assert checklist_item(client, case, "court_feedback_sent") is None  # not a court's case
    # Refused, nothing changed: a mediator, a date to come, no date.
    with unchanged(case), pytest.raises(NotPermitted):
        steps.record(case, "referral_result_sent", mediator, sent_on="2026-11-02")
    assert checklist_item(login(mediator), case, "referral_result_sent")[1].count('name="sent_on"') == 0
    for body in ({"sent_on": "2026-11-20"}, {"note": "挂号信"}):
        with unchanged(case):
            response = client.post(f"/cases/{case.pk}/steps/referral_result_sent/", body)
        assert response.status_code == 400
        assert 'id="id_referral_result_sent_sent_on_error" aria-live="polite"></p>' not in response.content.decode()
    with unchanged(case), pytest.raises(InvalidData) as future:
        steps.record(case, "referral_result_sent", supervisor, sent_on="2026-11-20")
    assert "sent_on" in future.value.fields
    # Sent: one audited event in the case's chain, the state kept; the checklist ticks it.
    response = client.post(f"/cases/{case.pk}/steps/referral_result_sent/",
                           {"sent_on": "2026-11-02", "note": "挂号信 XA123456789CN"})
    assert response.status_code == 302
    event = CaseEvent.objects.filter(case=case).latest("seq")
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "referral_result_sent", "closed", "closed", supervisor)
    assert event.data == {"sent_on": "2026-11-02", "note": "挂号信 XA123456789CN"}
    status, item = checklist_item(client, case, "referral_result_sent")
    assert status == "done" and 'name="sent_on"' not in item
    assert "向移交单位发送办理结果告知函" in client.get(f"/reports/cases/{case.pk}/timeline/").content.decode()


def test_the_letter_is_sent_only_for_a_referred_case_once_closed(case_at, login, supervisor):
    for case in (referred(case_at, "failed"), case_at("closed")):
        with unchanged(case), pytest.raises(TransitionNotAllowed):
            steps.record(case, "referral_result_sent", supervisor, sent_on="2026-11-02")
        assert checklist_item(login(supervisor), case, "referral_result_sent") is None

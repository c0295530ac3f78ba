"""Actions on the case page: each calls the transition service; refusals change nothing.

A refused action answers the case page again, its form open with what was typed and the reason,
with the status the API gives for the same refusal: 400 bad data, 403 not permitted, 409 wrong
state (404 for a case the user may not see)."""

import pytest

from casedesk.cases.models import Agreement, Case, CaseEvent, Instalment

from ..conftest import unchanged
from .conftest import field_error

pytestmark = pytest.mark.django_db


def act(client, case, name, **data):
    return client.post(f"/cases/{case.pk}/actions/{name}/", data)


def events(case):
    return list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))


def test_a_mediator_accepts_a_new_case(login, register, mediator):
    case = register()
    response = act(login(mediator), case, "accept")
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    case.refresh_from_db()
    assert case.status == "accepted" and case.accepted_on is not None
    assert events(case) == ["create", "accept"]


def test_a_missing_reason_is_shown_next_to_the_field_and_nothing_changes(login, register, supervisor):
    case = register()
    with unchanged(case):
        response = act(login(supervisor), case, "reject", reason="")
    page = response.content.decode()
    assert response.status_code == 400
    assert field_error(page, "id_reject_reason")
    assert 'id="action-reject" open' in page
    case.refresh_from_db()
    assert case.status == "submitted" and events(case) == ["create"]


def test_a_refused_agreement_keeps_what_was_typed(login, mediating, mediator):
    case = mediating()
    with unchanged(case):
        response = act(login(mediator), case, "reach_agreement", terms="被申请人分两期支付工资。", amount="18600.00",
                       performance_due="2026-10-01")
    page = response.content.decode()
    assert response.status_code == 400
    assert "被申请人分两期支付工资。" in page and 'value="18600.00"' in page
    assert field_error(page, "id_reach_agreement_performance_due")
    assert Agreement.objects.count() == 0 and Case.objects.get().status == "mediating"


def test_an_agreement_with_instalments(login, mediating, mediator):
    case = mediating()
    client = login(mediator)
    client.post(f"/cases/{case.pk}/actions/reach_agreement/", {
        "terms": "分两期支付。", "amount": "18600.00", "performance_due": "2026-12-31",
        "instalment_due_on": ["2026-11-30", "2026-12-31"], "instalment_amount": ["9300.00", "9300.00"],
    })
    assert Case.objects.get().status == "agreed"
    assert [str(i.amount) for i in Instalment.objects.all()] == ["9300.00", "9300.00"]


def test_an_instalment_amount_written_in_words_is_refused_and_kept_in_its_box(login, mediating, mediator):
    """The instalment amounts are text boxes with a number pad, as every amount: a number box would send
    "五千元" empty and lose it; the text comes back in its row with the reason."""
    case = mediating()
    with unchanged(case):
        response = login(mediator).post(f"/cases/{case.pk}/actions/reach_agreement/", {
            "terms": "分两期支付。", "amount": "18600.00", "performance_due": "2026-12-31",
            "instalment_due_on": ["2026-11-30", "2026-12-31"], "instalment_amount": ["五千元", "9300.00"],
        })
    page = response.content.decode()
    assert response.status_code == 400
    assert 'inputmode="decimal" autocomplete="off" name="instalment_amount" value="五千元"' in page
    instalments = page.split("data-instalments", 1)[1].split("</fieldset>", 1)[0]
    assert 'type="number"' not in instalments
    assert '<p class="field-error"></p>' not in instalments  # the reason is said under the rows


def test_a_user_who_may_not_take_the_action_gets_a_message_and_nothing_changes(login, register, mediator):
    case = register()
    with unchanged(case):
        response = act(login(mediator), case, "reject", reason="不属于受理范围")
    page = response.content.decode()
    assert response.status_code == 403
    assert "You may not take this action on this case." in page or "您无权" in page
    # the case page again, the reason on top
    assert 'class="alert error" role="alert"' in page and 'class="case-title"' in page
    assert Case.objects.get().status == "submitted"


def test_an_action_from_the_wrong_state_says_so(login, register, supervisor):
    case = register()
    with unchanged(case):
        response = act(login(supervisor), case, "archive")
    page = response.content.decode()
    assert response.status_code == 409
    assert "current state" in page or "当前状态" in page
    assert 'class="alert error" role="alert"' in page and 'class="case-title"' in page
    assert Case.objects.get().status == "submitted" and events(case) == ["create"]


def test_an_action_on_an_invisible_case_is_a_404(login, mediating, other_mediator):
    case = mediating()
    with unchanged(case):
        assert act(login(other_mediator), case, "record_failure", reason="x").status_code == 404
    assert Case.objects.get().status == "mediating"


def test_an_unknown_action_is_a_404(login, register, supervisor):
    case = register()
    with unchanged(case):
        assert act(login(supervisor), case, "explode").status_code == 404


def test_actions_only_answer_post(login, register, supervisor):
    case = register()
    with unchanged(case):
        assert login(supervisor).get(f"/cases/{case.pk}/actions/accept/").status_code == 405
    assert Case.objects.get().status == "submitted"


def test_the_supervisor_assigns_from_the_board_and_returns_to_it(login, case_at, mediator, supervisor):
    case = case_at("accepted")
    response = act(login(supervisor), case, "assign", mediator=mediator.pk, next="/supervisor/board/")
    assert response["Location"] == "/supervisor/board/"
    assert Case.objects.get().mediator == mediator


def test_an_outside_next_address_is_ignored(login, register, mediator):
    case = register()
    response = act(login(mediator), case, "accept", next="https://example.com/")
    assert response["Location"] == f"/cases/{case.pk}/"


# Every path of DESIGN.md's state table, through the web pages alone.

def test_the_confirmed_agreement_path_to_the_archive(login, register, mediator, supervisor):
    case = register()
    steps = [
        (mediator, "accept", {}),
        (supervisor, "assign", {"mediator": mediator.pk}),
        (mediator, "extend", {"until": "2026-11-30", "reason": "双方同意延期", "parties_consent": "on"}),
        (mediator, "reach_agreement", {"terms": "一次性支付。", "amount": "18600.00", "performance_due": "2026-11-30"}),
        (mediator, "apply_confirmation", {"court": "某某县人民法院", "applied_on": "2026-11-02"}),
        (supervisor, "court_confirm", {"ruling_number": "（2026）某0101民特12号", "ruled_on": "2026-11-02"}),
        # The employer pays, recorded on the case page's step form (casedesk.payments): then close and archive.
        (mediator, "record_payment", {"paid_on": "2026-11-02", "amount": "18600.00", "method": "transfer"}),
        (supervisor, "close", {}),
        (supervisor, "archive", {}),
    ]
    for user, name, data in steps:
        if name == "record_payment":
            response = login(user).post(f"/cases/{case.pk}/steps/{name}/", data)
        else:
            response = act(login(user), case, name, **data)
        assert response.status_code == 302, (name, response.content.decode()[:3000])
    case.refresh_from_db()
    assert case.status == "archived" and case.outcome == "settled"
    assert events(case) == ["create"] + [name for _, name, _ in steps]


@pytest.mark.parametrize("steps, final", [
    ([("s", "reject", {"reason": "不属于劳动争议"}), ("s", "close", {}), ("s", "reopen", {"reason": "补充材料后重新受理"})],
     "accepted"),
    ([("v", "withdraw", {"reason": "已自行和解"}), ("s", "close", {})], "closed"),
    ([("m", "accept", {}), ("s", "assign", {"mediator": "M"}), ("s", "reassign", {"mediator": "O", "reason": "回避"}),
      ("o", "record_failure", {"reason": "双方差距过大"}), ("s", "reopen", {"reason": "当事人要求再次调解"})], "accepted"),
    ([("m", "accept", {}), ("s", "assign", {"mediator": "M"}),
      ("m", "reach_agreement", {"terms": "支付。", "amount": "100.00", "performance_due": "2026-11-30"}),
      ("m", "apply_confirmation", {"court": "某某县人民法院", "applied_on": "2026-11-02"}),
      ("m", "court_reject", {"reason": "协议内容违反法律规定"}), ("s", "close", {})], "closed"),
])
def test_the_other_paths(login, register, volunteer, mediator, other_mediator, supervisor, steps, final):
    case = register()
    users = {"v": volunteer, "m": mediator, "o": other_mediator, "s": supervisor}
    ids = {"M": mediator.pk, "O": other_mediator.pk}
    for who, name, data in steps:
        data = {k: ids.get(v, v) for k, v in data.items()}
        response = act(login(users[who]), case, name, **data)
        assert response.status_code == 302, (name, response.content.decode()[:3000])
    case.refresh_from_db()
    assert case.status == final


def test_each_workers_share_has_its_box_and_is_recorded_with_the_agreement(login, mediating, mediator):
    """A case of several workers: the agreement form has one amount box a worker, named by their number on
    the case (share_1, share_2…); what is typed there is the agreement's shares, on the page and the PDF."""
    from casedesk.cases.models import AgreementShare

    case = mediating(workers=2)
    client = login(mediator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="share_1"' in page and 'name="share_2"' in page and 'name="shares"' not in page
    assert "申请人1 张0" in page and "申请人2 张1" in page

    response = client.post(f"/cases/{case.pk}/actions/reach_agreement/", {
        "terms": "一次性支付。", "amount": "18600.00", "performance_due": "2026-11-30",
        "share_1": "10000.00", "share_2": "8600.00"})

    assert response.status_code == 302
    assert sorted((s.applicant.number, str(s.amount)) for s in AgreementShare.objects.all()) == [
        (1, "10000.00"), (2, "8600.00")]
    shown = client.get(f"/cases/{case.pk}/").content.decode()
    assert "张0 ¥10,000.00" in shown and "张1 ¥8,600.00" in shown


def test_shares_that_do_not_add_up_are_refused_and_kept_in_their_boxes(login, mediating, mediator):
    case = mediating(workers=2)
    with unchanged(case):
        response = login(mediator).post(f"/cases/{case.pk}/actions/reach_agreement/", {
            "terms": "一次性支付。", "amount": "18600.00", "performance_due": "2026-11-30",
            "share_1": "10000.00", "share_2": "8000.00"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "各申请人金额之和须等于协议金额。" in page
    assert 'name="share_1" value="10000.00"' in page and 'name="share_2" value="8000.00"' in page
    assert Agreement.objects.count() == 0

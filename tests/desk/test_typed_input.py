"""Forms that never lose what was typed: no silent cut, a bad amount refused on its row, the session
time written the Chinese way, and a refused form said so at the top of the page."""

import re

import pytest
from django.utils import timezone

from casedesk.cases.forms_base import AMOUNT_MESSAGE, DATETIME_MESSAGE, TOO_LONG_MESSAGE
from casedesk.cases.models import Case, MediationSession

from ..conftest import unchanged
from .conftest import field_error, registration_post

pytestmark = pytest.mark.django_db


def inputs(page):
    return re.findall(r"<(?:input|textarea)\b[^>]*>", page)


def test_no_text_box_of_the_registration_page_cuts_what_is_typed(login, volunteer):
    page = login(volunteer).get("/cases/new/").content.decode()
    assert " maxlength=" not in page
    summary = next(tag for tag in inputs(page) if 'name="case-summary"' in tag)
    assert 'data-maxlength="5000"' in summary
    name = next(tag for tag in inputs(page) if 'name="applicants-0-name"' in tag)
    assert 'data-maxlength="100"' in name


def test_no_text_box_of_the_case_page_cuts_what_is_typed(login, mediating, mediator):
    case = mediating()
    page = login(mediator).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="action-reach_agreement"' in page
    assert " maxlength=" not in page
    terms = next(tag for tag in inputs(page) if 'name="terms"' in tag)
    assert "data-maxlength=" in terms


def test_a_summary_too_long_is_refused_in_chinese_and_kept_whole(login, volunteer):
    post = registration_post()
    post["case-summary"] = "拖" * 9_000 + "欠工资" * 333 + "尾"  # 10,000 characters
    with unchanged():
        response = login(volunteer).post("/cases/new/", post)
    page = response.content.decode()
    assert response.status_code == 400
    message = field_error(page, "id_case-summary")
    assert message == str(TOO_LONG_MESSAGE) % {"show_value": 10_000, "limit_value": 5000}
    assert "尾" in page and page.count("拖") >= 9_000  # every character still in the box
    assert Case.objects.count() == 0


def test_an_amount_in_words_is_an_error_on_its_row_and_the_row_is_kept(login, volunteer):
    post = registration_post()
    post.update({"claims-TOTAL_FORMS": "2", "claims-1-kind": "compensation", "claims-1-amount": "五千元abc",
                 "claims-1-description": ""})
    with unchanged():
        response = login(volunteer).post("/cases/new/", post)
    page = response.content.decode()
    assert response.status_code == 400
    assert field_error(page, "id_claims-1-amount") == str(AMOUNT_MESSAGE)
    assert 'value="五千元abc"' in page and 'name="claims-TOTAL_FORMS" value="2"' in page
    assert 'id="form-errors"' in page
    assert Case.objects.count() == 0


def test_the_amount_box_is_text_so_the_browser_sends_what_was_typed(login, volunteer):
    page = login(volunteer).get("/cases/new/").content.decode()
    amount = next(tag for tag in inputs(page) if 'name="claims-0-amount"' in tag)
    assert 'type="text"' in amount and 'inputmode="decimal"' in amount


def test_an_amount_with_a_currency_sign_is_refused_saying_what_is_expected(login, volunteer):
    post = registration_post()
    post["claims-0-amount"] = "¥18,600"
    with unchanged():
        response = login(volunteer).post("/cases/new/", post)
    assert response.status_code == 400
    assert field_error(response.content.decode(), "id_claims-0-amount") == str(AMOUNT_MESSAGE)


SESSION = {"place": "县总工会调解室", "present": "申请人张0、被申请人代表刘经理", "statements": "双方陈述。"}


def test_the_session_time_has_a_date_and_time_picker(login, mediating, mediator):
    case = mediating()
    page = login(mediator).get(f"/cases/{case.pk}/").content.decode()
    held_at = next(tag for tag in inputs(page) if 'name="held_at"' in tag)
    assert 'type="datetime-local"' in held_at


@pytest.mark.parametrize("written, expected", [
    ("2026年11月2日 上午9点", "2026-11-02 09:00"),
    ("2026年11月2日上午9点半", "2026-11-02 09:30"),
    ("2026-11-02 9:05", "2026-11-02 09:05"),
])
def test_a_session_time_written_the_chinese_way_is_read(login, mediating, mediator, written, expected):
    case = mediating()
    response = login(mediator).post(f"/cases/{case.pk}/sessions/", {**SESSION, "held_at": written})
    assert response.status_code == 302
    assert timezone.localtime(MediationSession.objects.get().held_at).strftime("%Y-%m-%d %H:%M") == expected


def test_a_session_time_not_understood_says_the_format_expected(login, mediating, mediator):
    case = mediating()
    with unchanged(case):
        response = login(mediator).post(f"/cases/{case.pk}/sessions/", {**SESSION, "held_at": "上周五下午"})
    page = response.content.decode()
    assert response.status_code == 400
    assert field_error(page, "id_session_held_at") == str(DATETIME_MESSAGE)
    assert 'id="form-errors"' in page and 'id="record-session" open' in page
    assert 'value="上周五下午"' in page


def test_the_case_page_without_a_refusal_has_no_error_banner(login, mediating, mediator):
    case = mediating()
    assert 'id="form-errors"' not in login(mediator).get(f"/cases/{case.pk}/").content.decode()


@pytest.mark.parametrize("typed, message", [
    ("1e3", "请用阿拉伯数字填写金额（单位：元），例如 5000 或 5000.50，不写汉字、货币符号或千位分隔符。"),
    ("1E400", "请用阿拉伯数字填写金额（单位：元），例如 5000 或 5000.50，不写汉字、货币符号或千位分隔符。"),
    ("Infinity", "请用阿拉伯数字填写金额（单位：元），例如 5000 或 5000.50，不写汉字、货币符号或千位分隔符。"),
    ("abc", "请用阿拉伯数字填写金额（单位：元），例如 5000 或 5000.50，不写汉字、货币符号或千位分隔符。"),
    ("6000.005", "金额以元为单位，最多到分（小数点后两位）。"),
    ("12345678901234", "金额过大：最多 9999999999.99 元。"),
    ("-5", "金额不能少于 0 元。"),
])
def test_an_amount_only_in_plain_figures_and_each_refusal_says_why(login, volunteer, typed, message):
    """Python reads "1e3" as a thousand and "Infinity" as a number: an amount box takes plain figures only,
    and each refusal says in Chinese what is wrong with the amount (not Django's wording about digits)."""
    post = registration_post()
    post["claims-0-amount"] = typed
    with unchanged():
        response = login(volunteer).post("/cases/new/", post)
    assert response.status_code == 400
    assert field_error(response.content.decode(), "id_claims-0-amount") == message

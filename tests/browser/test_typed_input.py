"""Issue 13 in a real browser: a pasted text too long is kept whole with a counter saying so, an amount
in words stays on its row, and a refused page scrolls to its first error."""

import pytest
from playwright.sync_api import expect

from casedesk.cases.models import Case

from ..conftest import id_number
from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_registration(page):
    page.select_option("#id_case-channel", "walk_in")
    page.select_option("#id_case-category", "wage_arrears")
    page.fill("#id_case-dispute_started_on", "2026-10-08")
    page.fill("#id_applicants-0-name", "张伟")
    page.fill("#id_applicants-0-id_number", id_number(11))
    page.fill("#id_applicants-0-phone", "13800138011")
    page.fill("#id_employer-name", "某某服装有限公司")
    page.select_option("#id_claims-0-kind", "wage")
    page.fill("#id_claims-0-description", "2026年7月至9月工资")


@pytest.fixture
def volunteer(db):
    return UserFactory(username="zhiyuan1", role="volunteer", first_name="刘思远")


def test_a_long_summary_is_kept_whole_counted_and_refused_in_chinese(desk, volunteer, shoot):
    page = desk(volunteer)
    page.goto("/cases/new/")
    fill_registration(page)
    summary = page.locator("#id_case-summary")
    summary.fill("欠" * 5_010)  # as a paste: the box keeps every character
    assert len(summary.input_value()) == 5_010
    counter = page.locator("#id_case-summary_count")
    expect(counter).to_be_visible()
    expect(counter).to_contain_text("超出10字")
    page.fill("#id_claims-0-amount", "五千元abc")
    page.click("#register")
    page.wait_for_load_state()
    expect(page.locator("#form-errors")).to_be_visible()
    # The first error (the claim, above the summary) is in view and focused; the page did not stay on top.
    amount = page.locator("#id_claims-0-amount")
    expect(amount).to_be_focused()
    expect(amount).to_have_value("五千元abc")
    expect(amount).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 300
    expect(page.locator("#id_claims-0-amount_error")).to_contain_text("阿拉伯数字")
    expect(page.locator("#id_case-summary_error")).to_contain_text("5010")
    assert len(page.locator("#id_case-summary").input_value()) == 5_010
    assert Case.objects.count() == 0
    shoot(page, "registration-errors")


def test_a_refused_action_on_the_case_page_opens_scrolls_to_and_focuses_its_field(desk, case_at, mediator, shoot):
    case = case_at("mediating")  # accepted Mon 2 Nov 2026: the union's period may run to 17 Dec at most
    page = desk(mediator)
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#form-errors")).to_have_count(0)
    shoot(page, "case-page")
    page.click("#action-extend > summary")
    page.fill("#id_extend_until", "2030-01-01")
    page.fill("#id_extend_reason", "双方同意延期")
    page.check("#id_extend_parties_consent")
    page.click("#action-extend button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator("#form-errors")).to_be_visible()
    until = page.locator("#id_extend_until")
    expect(until).to_have_value("2030-01-01")
    expect(until).to_be_focused()
    expect(until).to_be_in_viewport()
    expect(page.locator("#id_extend_until_error")).to_contain_text("2026年12月17日")
    shoot(page, "case-page-refused-extension")

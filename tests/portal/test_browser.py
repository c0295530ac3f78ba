"""A worker applies from a 360 px phone, keeps the numbers, follows the case; the desk accepts it and
the page says so (chromium)."""

import os
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from casedesk.cases import transitions
from casedesk.portal.models import Application

from ..conftest import NOW
from .conftest import WORKER_ID

# Playwright's sync API runs an event loop in the test's thread; the test's own ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser, browser_context_args, live_server):
    context = browser.new_context(**{**browser_context_args, "viewport": PHONE}, base_url=live_server.url,
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    context.clock.install(time=NOW)
    errors = []
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page, errors
    context.close()


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-360.png", full_page=True)


def fits(page):
    """Nothing is wider than the phone: no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def photo_file(path):
    Image.new("RGB", (120, 90), (30, 120, 200)).save(path)
    return path


def test_a_worker_applies_from_a_phone_and_follows_the_case(phone, mediator, tmp_path):
    page, errors = phone
    page.goto("/apply/")
    assert fits(page)
    shoot(page, "portal-apply")
    # Tapping a label checks its choice: the targets are the whole tiles.
    page.fill("#id_name", "赵网申")
    page.fill("#id_id_number", WORKER_ID)
    page.fill("#id_phone", "13900001111")
    page.click("label.choice:has-text('劳动合同')")
    page.fill("#id_job", "缝纫工")
    page.fill("#id_employer_name", "某某网申服装有限公司")
    page.fill("#id_employer_address", "某某县工业园区纬三路9号")
    page.click("label.choice:has-text('拖欠工资')")
    page.fill("#id_dispute_started_on", "2026-10-08")
    page.fill("#id_summary", "公司拖欠我2026年8月至9月工资，多次催讨未果。")
    page.select_option("#id_claim_kind_0", "wage")
    page.fill("#id_claim_amount_0", "12400")
    # Sent without the consent: refused in Chinese, what was typed kept.
    page.click("#apply-submit")
    expect(page.locator("#page-error")).to_contain_text("请更正下方标出的错误")
    expect(page.locator("#pf-consent .field-error")).to_contain_text("请阅读上述内容并勾选同意")
    expect(page.locator("#id_employer_name")).to_have_value("某某网申服装有限公司")
    assert Application.objects.count() == 0
    page.click("#pf-consent label.check")
    page.click("#pf-sensitive_consent label.check")
    page.set_input_files("#id_evidence", [photo_file(tmp_path / "pay-slip.jpg"), photo_file(tmp_path / "chat.png")])
    page.click("#apply-submit")
    page.wait_for_url("**/apply/done/")
    number = page.locator("#tracking-number").inner_text()
    code = page.locator("#query-code").inner_text()
    assert fits(page)
    shoot(page, "portal-applied")
    application = Application.objects.get()
    assert application.tracking_number == number and application.case.channel == "online"
    assert [e.kind for e in application.evidence.all()] == ["jpeg", "png"]
    # Another phone (no session): track with both numbers.
    page.context.clear_cookies()
    page.goto("/track/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", "00000000" if code != "00000000" else "11111111")
    page.click("#track-submit")
    expect(page.locator("#page-error")).to_contain_text("流水号与查询码不符")
    page.fill("#id_query_code", code)
    page.click("#track-submit")
    expect(page.locator("#track-status")).to_have_text("已提交")
    expect(page.locator("#track-deadline")).to_contain_text("2026年11月5日")
    # The desk accepts it; the page says so and offers the acceptance notice.
    transitions.perform(application.case, "accept", mediator)
    page.reload()
    expect(page.locator("#track-status")).to_have_text("已受理")
    expect(page.locator("#doc-acceptance_notice")).to_be_visible()
    with page.expect_download() as download:
        page.click("#doc-acceptance_notice")
    assert download.value.suggested_filename.endswith(".pdf")
    assert fits(page)
    shoot(page, "portal-track")
    # The only console errors are the refusals' own 400s (a CSP violation or a missing asset would show here).
    assert [e for e in errors if "status of 400" not in e] == []

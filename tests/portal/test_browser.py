"""A worker applies from a 360 px phone, keeps the numbers, follows the case; the desk accepts it and
the page says so (chromium)."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from casedesk.cases import transitions
from casedesk.portal.models import Application

from ..browser.conftest import open_context
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


def fill_the_application(page):
    """The worker's own fields of /apply/, typed and tapped as on a phone (the consents left unticked)."""
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


def test_a_worker_applies_from_a_phone_and_follows_the_case(phone, mediator, tmp_path):
    page, errors = phone
    page.goto("/apply/")
    assert fits(page)
    shoot(page, "portal-apply")
    # Tapping a label checks its choice: the targets are the whole tiles.
    fill_the_application(page)
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


@pytest.fixture
def worker_phone(browser, browser_context_args, live_server):
    """The worker's phone at 400 px (the issue's width)."""
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 400, "height": 860}},
                                  base_url=live_server.url, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    context.clock.install(time=NOW)
    yield context.new_page()
    context.close()


@pytest.fixture
def desk_page(browser, browser_context_args, live_server):
    """desk_page(user) → a page of the desk, logged in as `user` (the session made on the server side)."""
    contexts = []

    def _open(user):
        context = open_context(browser, browser_context_args, live_server)
        contexts.append(context)
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        page.goto("/")
        return page

    yield _open
    for context in contexts:
        context.close()


def test_a_volunteer_reviews_asks_for_more_and_registers_an_online_application(worker_phone, desk_page, volunteer,
                                                                              tmp_path):
    page = worker_phone
    # The worker applies at 400 px with two evidence photos, and keeps the numbers.
    page.goto("/apply/")
    fill_the_application(page)
    page.click("#pf-consent label.check")
    page.click("#pf-sensitive_consent label.check")
    page.set_input_files("#id_evidence", [photo_file(tmp_path / "pay-slip.jpg"), photo_file(tmp_path / "chat.png")])
    page.click("#apply-submit")
    page.wait_for_url("**/apply/done/")
    number, code = page.locator("#tracking-number").inner_text(), page.locator("#query-code").inner_text()
    page.context.clear_cookies()
    page.goto("/track/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", code)
    page.click("#track-submit")
    expect(page.locator("#track-status")).to_have_text("已提交")
    case = Application.objects.get(tracking_number=number).case

    # A volunteer of the unit finds it in the 网上申请 queue and asks for more.
    desk = desk_page(volunteer)
    desk.click("#nav-online-applications")
    row = desk.locator(f"#online-{case.pk}")
    expect(row).to_contain_text(case.number)
    expect(row.locator(".evidence-count")).to_have_text("2")
    desk.screenshot(path=SCREENSHOTS / "desk-online-applications-1280.png", full_page=True)
    row.get_by_role("link", name="请申请人补充材料").click()
    desk.click("#action-ask_information summary")
    desk.fill("#id_ask_information_request", "请补充上传劳动合同首页的照片。")
    desk.click("#action-ask_information button[type=submit]")
    expect(desk.locator(".messages")).to_contain_text("请申请人补充材料")

    # The worker reads it on /track/ and answers with a photo.
    page.reload()
    expect(page.locator("#track-request-text")).to_have_text("请补充上传劳动合同首页的照片。")
    assert fits(page)
    shoot(page, "portal-request")
    page.fill("#id_answer", "合同首页已拍照上传。")
    page.set_input_files("#id_evidence", [photo_file(tmp_path / "contract.jpg")])
    page.click("#answer-submit")
    expect(page.locator("#answer-received")).to_be_visible()
    assert fits(page)
    shoot(page, "portal-answered")

    # The volunteer sees the answer and its file, and registers (accepts) the application.
    desk.reload()
    expect(desk.locator("#information-requests .answer-text")).to_have_text("合同首页已拍照上传。")
    expect(desk.locator("#information-requests .answer-evidence")).to_have_count(1)
    expect(desk.locator("#timeline")).to_contain_text("申请人在线补充了材料")
    desk.locator("#information-requests").screenshot(path=SCREENSHOTS / "desk-information-requests-1280.png")
    desk.click("#action-accept summary")
    desk.click("#action-accept button[type=submit]")
    desk.wait_for_url("**/online-applications/")
    expect(desk.locator(".messages")).to_contain_text("受理")
    expect(desk.locator(f"#online-{case.pk}")).to_have_count(0)

    # The worker's page reads 已受理, and the acceptance notice downloads.
    page.reload()
    expect(page.locator("#track-status")).to_have_text("已受理")
    with page.expect_download() as download:
        page.click("#doc-acceptance_notice")
    assert download.value.suggested_filename.endswith(".pdf")
    assert fits(page)
    shoot(page, "portal-registered")

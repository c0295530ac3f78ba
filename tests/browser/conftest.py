"""Playwright against the live server: contexts of their own per user, and screenshots.

Chromium's launch and every context's settings, its clock at the suite's moment included, are in
tests/conftest.py (the browser tests of tests/reports share them).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from ..conftest import NOW
from ..documents.conftest import pdf_text
from ..factories import PASSWORD

# Playwright's sync API runs an event loop in the test's thread; the test's own ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 400, "height": 860}


def open_context(browser, browser_context_args, live_server):
    """A browser context of its own on the live server, its clock at the suite's moment."""
    context = browser.new_context(**browser_context_args, base_url=live_server.url)
    context.set_default_timeout(10_000)
    context.clock.install(time=NOW)
    return context


@pytest.fixture
def desk(browser, browser_context_args, live_server):
    """desk(user) → a page at home, logged in as `user`, in a browser context of its own.

    desk(user, through_login_page=True) types the password into the login page; otherwise the
    session is made on the server side (faster: driving the login page once is enough).
    """
    contexts = []

    def _open(user, through_login_page=False):
        context = open_context(browser, browser_context_args, live_server)
        contexts.append(context)
        page = context.new_page()
        if through_login_page:
            page.goto("/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            return page
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page.goto("/")
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def shoot():
    """shoot(page, name): full-page screenshots at 1366×768 and at phone width (400 px)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page, name):
        page.screenshot(path=SCREENSHOTS / f"{name}-1366.png", full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=SCREENSHOTS / f"{name}-400.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    return _shoot


def download_text(page, selector):
    """Click a download link; the PDF's text as pdftotext reads it."""
    with page.expect_download() as info:
        page.click(selector)
    return pdf_text(open(info.value.path(), "rb").read())


def issue_from_panel(page, kind):
    """Press 出具 / 重新出具 of a kind in the case page's 文书 panel; wait for the page to come back."""
    with page.expect_navigation():
        page.click(f"#document-{kind} .document-head button[type=submit]")
    expect(page.locator(".messages")).to_be_visible()

"""A supervisor audits a case's timeline, then takes the year's figures and its workbook (chromium)."""

import io
import os

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from casedesk.units import tree
from casedesk.units.models import Unit

from ..factories import PASSWORD
from .conftest import shanghai

pytestmark = pytest.mark.browser

# Playwright's sync API keeps an event loop running in the test thread for the whole session
# (its browser fixtures are session-wide), and the ORM calls of the tests are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_supervisor_audits_a_timeline_and_downloads_the_annual_workbook(live_server, page, story, supervisor):
    case = story.register(shanghai(2025, 3, 10))
    story.mediate(case, shanghai(2025, 3, 17))  # acceptance due 13 March: 2 working days late

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/reports/cases/{case.pk}/timeline/")
    late = page.locator("li.step.late")
    assert late.count() == 1
    assert late.get_attribute("data-action") == "accept"
    assert late.get_attribute("data-late-working-days") == "2"
    assert late.locator(".badge.late").is_visible()
    assert page.locator("#chain-status").get_attribute("data-intact") == "true"

    # A station below the desk's unit: the figures have their breakdown by unit, the widest table.
    Unit.objects.create(name="某某县数字经济产业园职工服务站", parent=tree.root())
    page.goto(f"{live_server.url}/reports/stats/?from=2025-01-01&to=2025-12-31")
    page.wait_for_function("document.querySelector('#chart-categories').width > 0")
    assert page.locator("a[data-figure=headline]").first.inner_text() == "1"
    # No table of figures spills over the next one: a table wider than its place scrolls in it.
    spilling = page.evaluate("""[...document.querySelectorAll('section.report-table')]
        .filter(s => s.scrollWidth > s.clientWidth + 1 && getComputedStyle(s).overflowX === 'visible')
        .map(s => s.id)""")
    assert spilling == []
    page.click("#annual-workbook")
    page.wait_for_url("**/reports/jobs/*/")
    expect(page.locator("#job-title")).to_have_text("报表已生成")  # not "in preparation" once it is done
    expect(page.locator("#job-note")).to_be_hidden()
    with page.expect_download() as info:
        page.click("#job-download")
    book = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    assert len(list(book.worksheets[-1].iter_rows(min_row=2))) == 1

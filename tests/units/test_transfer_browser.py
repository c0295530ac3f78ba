"""Transfer in the browser: the county's supervisor sends a station's case to the other county from
the case page; the other county's supervisor finds it in their list."""

import pytest
from playwright.sync_api import expect

from ..browser.conftest import desk, shoot  # noqa: F401  (the browser tests' fixtures)
from ..conftest import register_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_transfers_a_case_from_the_case_page(desk, shoot, units):  # noqa: F811
    u = units.users
    units.agree(units.east, units.west)
    case = register_case(u["east_station_volunteer"])
    page = desk(u["east_supervisor"])
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("header")).to_contain_text("东县总工会")
    page.click("#action-transfer summary")
    page.select_option("#action-transfer select[name=unit]", str(units.west.pk))
    page.fill("#action-transfer [name=reason]", "用人单位注册地在西县")
    shoot(page, "units-transfer-form")
    page.click("#action-transfer button[type=submit]")
    page.wait_for_url("**/cases/")
    expect(page.locator("body")).not_to_contain_text(case.number)
    west = desk(u["west_supervisor"])
    west.goto("/cases/")
    expect(west.locator("body")).to_contain_text(case.number)
    west.goto(f"/cases/{case.pk}/")
    expect(west.locator("body")).to_contain_text("转办至其他单位")
    shoot(west, "units-transferred-case")

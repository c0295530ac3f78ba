"""The recommendation in the browser: the supervisor opens the assignment step of an accepted case and
finds the roster's choice marked 推荐 and chosen, with its reasons; at a reassignment, asks for it and finds
the case's mediator not advised; the roster page shows the profile."""

import pytest
from playwright.sync_api import expect

from ..browser.conftest import desk, shoot  # noqa: F401  (the browser tests' fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_opens_the_assign_step_and_sees_the_recommendation(desk, shoot, county):  # noqa: F811
    specialist = county.mediator("陈建国", specialties=["wage_arrears"], public_title="退休法官")
    county.mediator("李秀兰", load=2)
    case = county.accepted_case()
    page = desk(county.users["east_supervisor"])
    page.goto(f"/cases/{case.pk}/")
    page.click("#action-assign summary")

    recommendation = page.locator("#action-assign #recommendation")
    expect(recommendation).to_contain_text("推荐")
    expect(recommendation.locator("li.recommended")).to_contain_text("陈建国")
    expect(recommendation.locator("li.recommended")).to_contain_text("擅长：拖欠工资")
    expect(page.locator("#action-assign select[name=mediator]")).to_have_value(str(specialist.pk))
    shoot(page, "roster-recommendation")
    page.click("#action-assign button[type=submit]")
    expect(page.locator("body")).to_contain_text("调解中")

    # Reassigning: the recommendation on request, the case's mediator now not advised.
    page.click("#action-reassign summary")
    expect(page.locator("#action-reassign #recommendation")).to_have_count(0)
    page.click("#action-reassign a.show-recommendation")
    reassign = page.locator("#action-reassign")
    expect(reassign).to_have_attribute("open", "")
    expect(reassign.locator("li.recommended")).to_contain_text("李秀兰")
    expect(reassign.locator("li.excluded")).to_contain_text("现为本案调解员")
    expect(reassign.locator("select[name=mediator]")).not_to_have_value(str(specialist.pk))
    shoot(page, "roster-reassign-recommendation")

    page.goto("/roster/")
    profile = page.locator(f"#mediator-{specialist.pk}")
    expect(profile).to_contain_text("退休法官")
    profile.locator("summary").click()
    profile.locator("[name$=max_open_cases]").fill("6")
    shoot(page, "roster-page")
    profile.locator("button[type=submit]").click()
    expect(page.locator("#roster-log")).to_contain_text("最多在办案件数")
    expect(page.locator(f"#mediator-{specialist.pk} summary")).to_contain_text("在办 1/6")

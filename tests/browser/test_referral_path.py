"""A case another body referred (工会+N) in a real browser: the referring body's section opens with its
channel, a missing reference number is refused next to its field with everything kept, the case page
shows the referral, and closing the case puts the letter on the result in the 文书 panel."""

import pytest
from playwright.sync_api import expect

from casedesk.cases import transitions
from casedesk.cases.models import Case

from ..factories import UserFactory
from .conftest import download_text
from .test_desk_paths import act, id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_referred_by_the_arbitration_commission_from_registration_to_the_letter(desk, shoot):
    volunteer_user = UserFactory(username="volunteer1", role="volunteer", first_name="李志愿")
    mediator = UserFactory(username="mediator1", role="mediator", first_name="陈调解")
    supervisor_user = UserFactory(username="supervisor1", role="supervisor", first_name="王主任")
    volunteer = desk(volunteer_user)
    volunteer.goto("/cases/new/")
    expect(volunteer.locator("#referral")).to_be_hidden()
    volunteer.select_option("#id_case-channel", "transfer")
    expect(volunteer.locator("#referral")).to_be_visible()
    expect(volunteer.locator("#court-referral")).to_be_hidden()
    volunteer.select_option("#id_referral-body", "arbitration")
    volunteer.fill("#id_referral-body_name", "某某县劳动人事争议仲裁院")
    volunteer.fill("#id_referral-referred_on", "2026-10-30")
    volunteer.select_option("#id_case-category", "wage_arrears")
    volunteer.fill("#id_case-dispute_started_on", "2026-09-15")
    volunteer.fill("#id_applicants-0-name", "孙梅")
    volunteer.fill("#id_applicants-0-id_number", id_number(31))
    volunteer.select_option("#id_applicants-0-employment_form", "contract")
    volunteer.fill("#id_employer-name", "某某纺织有限公司")
    volunteer.select_option("#id_claims-0-kind", "wage")
    volunteer.fill("#id_claims-0-amount", "17460")
    volunteer.fill("#id_case-summary", "县劳动人事争议仲裁院“工会＋仲裁”转来，立案前先行调解。申请人2026年6月至8月工资被拖欠。")
    with volunteer.expect_navigation():
        volunteer.click("#register")
    expect(volunteer.locator("#id_referral-reference_number_error")).not_to_be_empty()
    expect(volunteer.locator("#referral")).to_be_visible()
    expect(volunteer.locator("#id_referral-body_name")).to_have_value("某某县劳动人事争议仲裁院")
    assert Case.objects.count() == 0
    shoot(volunteer, "30-referral-refused")
    volunteer.fill("#id_referral-reference_number", "某劳人仲转〔2026〕15号")
    with volunteer.expect_navigation():
        volunteer.click("#register")
    case = Case.objects.get(number=volunteer.locator(".case-title h1").inner_text())
    expect(volunteer.locator("#body-referral")).to_contain_text("某劳人仲转〔2026〕15号")
    expect(volunteer.locator("#body-referral")).to_contain_text("劳动人事争议仲裁委员会：某某县劳动人事争议仲裁院")

    case = transitions.perform(case, "accept", mediator)
    case = transitions.perform(case, "assign", supervisor_user, mediator=mediator.pk)
    case = transitions.perform(case, "record_failure", mediator, reason="被申请人拒不到场")
    supervisor = desk(supervisor_user)
    supervisor.goto(f"/cases/{case.pk}/")
    act(supervisor, "close")
    expect(supervisor.locator("#document-referral_result")).to_contain_text("办理结果告知函")
    shoot(supervisor, "31-referral-closed")
    text = download_text(supervisor, "#document-referral_result .version a")
    assert "某某县劳动人事争议仲裁院：" in text and "某劳人仲转〔2026〕15号" in text and "被申请人拒不到场" in text

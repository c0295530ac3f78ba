"""A hotline volunteer on a phone records consultations with the keyboard alone, one at an event
with the worker's name and phone, then turns one into a case (chromium, phone width)."""

import pytest
from playwright.sync_api import expect

from casedesk.cases import clock
from casedesk.cases.models import Case
from casedesk.consultations.models import Consultation
from casedesk.outreach import services as outreach_services

from ..factories import UserFactory
from ..outreach.conftest import event_body
from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def volunteer(db):
    return UserFactory(username="volunteer1", role="volunteer", first_name="李志愿")


def test_a_call_is_recorded_with_the_keyboard_alone(desk, volunteer, shoot):
    page = desk(volunteer)
    page.set_viewport_size(PHONE)
    page.click("#nav-record-consultation")
    page.wait_for_url("**/consultations/new/")
    # The question has the focus; the topic is the next stop; Ctrl+Enter saves: four key strokes
    # besides the question itself, with channel, time and people left as they come.
    expect(page.locator("#id_question")).to_be_focused()
    page.keyboard.type("老板拖欠两个月工资，怎么办？")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first topic: wage arrears
    page.keyboard.press("Control+Enter")
    page.wait_for_url("**/consultations/new/")
    expect(page.locator(".messages")).to_contain_text("咨询已记录（拖欠工资，1人）。")
    recorded = Consultation.objects.get()
    assert (recorded.topic, recorded.channel, recorded.people, recorded.recorded_by) == (
        "wage_arrears", "walk_in", 1, volunteer)
    assert recorded.asked_at == clock.now().replace(second=0, microsecond=0)
    expect(page.locator("#recent")).to_contain_text("老板拖欠两个月工资")
    shoot(page, "consultation-quick-form")


def test_a_consultation_at_an_event_with_name_and_phone_then_a_case(desk, volunteer):
    event = outreach_services.record_event(actor=volunteer, data=event_body(held_on=clock.today().isoformat()))
    page = desk(volunteer)
    page.set_viewport_size(PHONE)
    page.goto("/consultations/new/")
    expect(page.locator("#event-field")).to_be_hidden()
    expect(page.locator("#contact")).to_be_hidden()
    page.fill("#id_question", "公司说我是外包人员，不给交社保。")
    page.click("#topic label:has-text('社会保险')")
    page.click("#channel label:has-text('活动现场')")
    expect(page.locator("#event-field")).to_be_visible()
    page.select_option("#id_event", str(event.pk))
    page.check("#id_contact_consent")
    expect(page.locator("#contact")).to_be_visible()
    page.fill("#id_name", "蓝秀梅")
    page.fill("#id_phone", "13907975120")
    page.click("#save-consultation")
    page.wait_for_url("**/consultations/new/")
    recorded = Consultation.objects.get()
    assert (recorded.event, recorded.name, recorded.phone) == (event, "蓝秀梅", "13907975120")
    # The next call: the channel it remembers is the last one used.
    expect(page.locator("input[name=channel][value=at_event]")).to_be_checked()

    page.goto(f"/consultations/{recorded.pk}/")
    page.click("#convert")
    expect(page.locator("#from-consultation")).to_be_visible()
    expect(page.locator("#id_applicants-0-name")).to_have_value("蓝秀梅")
    expect(page.locator("#id_case-category")).to_have_value("social_insurance")
    page.fill("#id_case-dispute_started_on", clock.today().isoformat())
    page.select_option("#id_applicants-0-id_type", "none")
    page.fill("#id_employer-name", "某某县宏达物业服务有限公司")
    page.fill("#id_claims-0-amount", "3600")
    page.click("#register")
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get()
    expect(page.locator("#source-consultation")).to_have_attribute("href", f"/consultations/{recorded.pk}/")
    recorded.refresh_from_db()
    assert recorded.case == case and case.channel == "walk_in" and case.category == "social_insurance"

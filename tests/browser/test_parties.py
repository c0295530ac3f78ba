"""Issue 14 in a real browser: typing a document number pre-fills from the user's own cases and tells
a stranger no name; a party's data is corrected from the case page."""

import datetime

import pytest
from playwright.sync_api import expect

from casedesk.cases import identifiers, intake
from casedesk.cases.models import Applicant, CaseEvent, PersonalDataAccess

from ..conftest import registration_body
from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = identifiers.make_resident_id("360730", datetime.date(1988, 10, 30), 153)
WORKER = {"name": "甘永明", "id_number": NUMBER, "phone": "13879702716", "address": "某某县黄陂镇富溪村1组6号",
          "job": "网约车司机", "employment_form": "platform"}


@pytest.fixture
def registered(db):
    volunteer = UserFactory(username="zhiyuan1", role="volunteer", first_name="刘思远")
    case = intake.register_case(actor=volunteer, data=registration_body(applicants=[WORKER])).case
    return volunteer, case


@pytest.fixture
def correcting(desk, registered):
    """(page, case): the registering volunteer on the case's page, its correction form opened."""
    volunteer, case = registered
    page = desk(volunteer)
    page.goto(f"/cases/{case.pk}/")
    page.click("#correct-party > summary")
    return page, case


def type_worker(page, name):
    page.goto("/cases/new/")
    page.fill("#id_applicants-0-name", name)
    page.fill("#id_applicants-0-id_number", NUMBER)
    page.click("#id_applicants-0-phone")  # leaving the number looks it up
    return page.locator("#applicants [data-identity-note]")


def test_typing_a_number_prefills_from_ones_own_case_and_tells_a_stranger_no_name(desk, registered):
    volunteer, case = registered
    page = desk(volunteer)
    note = type_worker(page, "甘永明")
    expect(note).to_contain_text(case.number)
    expect(page.locator("#id_applicants-0-address")).to_have_value(WORKER["address"])
    expect(page.locator("#id_applicants-0-job")).to_have_value(WORKER["job"])
    expect(page.locator("#id_applicants-0-phone")).to_have_value("")  # masked for a volunteer: asked again
    expect(note).to_contain_text("138****2716")

    stranger = desk(UserFactory(username="zhiyuan2", role="volunteer"))
    note = type_worker(stranger, "赵强")
    expect(note).to_contain_text("登记的姓名与所填不同")
    expect(note).not_to_contain_text("甘")
    expect(stranger.locator("#id_applicants-0-address")).to_have_value("")
    assert PersonalDataAccess.objects.filter(action="identity_lookup", user__username="zhiyuan2").count() == 1


def test_a_correction_from_the_case_page_goes_into_the_timeline(correcting):
    page, case = correcting
    page.select_option("#id_correction_who", "applicant-1")
    page.select_option("#id_correction_field", "address")
    page.get_by_label("更正后的内容").fill("某某县黄陂镇富溪村1组16号")
    page.fill("#id_correction_reason", "身份证住址为16号")
    with page.expect_navigation():
        page.click("#correct-party button[type=submit]")
    expect(page.locator("#parties")).to_contain_text("某某县黄陂镇富溪村1组16号")
    expect(page.locator("#timeline")).to_contain_text("身份证住址为16号")
    assert Applicant.objects.get(case=case).address == "某某县黄陂镇富溪村1组16号"
    assert CaseEvent.objects.filter(case=case, action="correct_party").count() == 1


def test_the_field_list_offers_only_the_fields_of_the_party_chosen(correcting):
    page, case = correcting

    def offered():
        return page.eval_on_selector_all("#id_correction_field option:not([hidden])", "os => os.map(o => o.value)")

    page.select_option("#id_correction_who", "applicant-1")
    assert "job" in offered() and "uscc" not in offered() and "court_case_number" not in offered()
    page.select_option("#id_correction_field", "job")
    page.select_option("#id_correction_who", "employer")
    assert "uscc" in offered() and "job" not in offered() and "summary" not in offered()
    expect(page.locator("#id_correction_field")).to_have_value("name")  # the job is no employer's: the first that is


def shown_value_controls(page):
    return page.eval_on_selector_all(
        ".value-of-field [name=value]", "cs => cs.filter(c => !c.hidden && !c.disabled).map(c => c.type)")


def test_the_value_box_is_the_registrations_own_control_of_the_field_chosen(correcting):
    """A date picker for a date, the employment forms to choose from, a text area for the facts: the one
    control of the party's field is shown, labelled and sent; a refused value comes back in it."""
    page, case = correcting
    page.select_option("#id_correction_who", "applicant-1")
    page.select_option("#id_correction_field", "employment_form")
    assert shown_value_controls(page) == ["select-one"]
    page.select_option("#id_correction_field", "employed_until")
    assert shown_value_controls(page) == ["date"]
    page.select_option("#id_correction_who", "case")
    assert shown_value_controls(page) == ["textarea"]
    page.select_option("#id_correction_who", "applicant-1")
    page.select_option("#id_correction_field", "employed_until")
    page.get_by_label("更正后的内容").fill("2099-01-01")  # the picker, found by its label
    page.fill("#id_correction_reason", "核对劳动合同后更正")
    with page.expect_navigation():
        page.click("#correct-party button[type=submit]")
    expect(page.locator("#id_correction_value_error")).to_contain_text("离职日期不能晚于今天")
    assert shown_value_controls(page) == ["date"]
    expect(page.get_by_label("更正后的内容")).to_have_value("2099-01-01")
    assert not CaseEvent.objects.filter(case=case, action="correct_party").exists()

    page.get_by_label("更正后的内容").fill("2026-10-31")
    with page.expect_navigation():
        page.click("#correct-party button[type=submit]")
    expect(page.locator("#timeline")).to_contain_text("核对劳动合同后更正")
    assert Applicant.objects.get(case=case).employed_until == datetime.date(2026, 10, 31)

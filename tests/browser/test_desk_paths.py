"""The desk in a real browser: the paths of a case from registration to the archive, by role.

The live server and the browser run on the suite's day (CASEDESK_CLOCK and the browser's clock,
tests/conftest.py and tests/browser/conftest.py), so dates are taken from the desk's today.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from casedesk.cases import clock, identifiers
from casedesk.cases.models import Case, CaseEvent, MediationSession

from ..factories import EmployerFactory, UserFactory
from .conftest import download_text, issue_from_panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Documents and workflow steps add their own events; these are the desk's.
STATE_AND_SESSION = {"create", "accept", "assign", "record_session", "reach_agreement", "close", "archive"}


def today():
    return clock.today()  # the live server's day too (CASEDESK_CLOCK, tests/conftest.py)


def id_number(n):
    return identifiers.make_resident_id("330102", datetime.date(1990, 3, 8), n)


@pytest.fixture
def people(db):
    return {
        "volunteer": UserFactory(username="volunteer1", role="volunteer", first_name="李志愿"),
        "mediator": UserFactory(username="mediator1", role="mediator", first_name="陈调解"),
        "other_mediator": UserFactory(username="mediator2", role="mediator", first_name="周调解"),
        "supervisor": UserFactory(username="supervisor1", role="supervisor", first_name="王主任"),
    }


def act(page, name, fields=None):
    """Open an action's form on the case page, fill it, confirm; wait for the page to come back."""
    page.click(f"#action-{name} > summary")
    for selector, value in (fields or {}).items():
        element = page.locator(f"#action-{name} {selector}")
        if element.evaluate("e => e.tagName") == "SELECT":
            element.select_option(value)
        else:
            element.fill(value)
    with page.expect_navigation():
        page.click(f"#action-{name} button[type=submit]")
    expect(page.locator(".messages")).to_be_visible()


def status_of(case_number):
    return Case.objects.get(number=case_number).status


def test_a_wage_arrears_case_for_two_workers_from_registration_to_archive(desk, shoot, people):
    employer = EmployerFactory(name="某某服装有限公司", uscc=identifiers.make_uscc("91330100MA2B3C4D5"))
    volunteer = desk(people["volunteer"], through_login_page=True)
    shoot(volunteer, "01-home-volunteer")

    # Registration: one click from home.
    volunteer.click(".page-head a.register")
    volunteer.wait_for_load_state()  # the page's scripts listen before anything is typed
    volunteer.select_option("#id_case-channel", "walk_in")
    volunteer.select_option("#id_case-category", "wage_arrears")
    volunteer.fill("#id_case-dispute_started_on", "2026-10-08")
    volunteer.fill("#id_applicants-0-name", "张伟")
    volunteer.fill("#id_applicants-0-id_number", id_number(11)[:-1] + ("0" if id_number(11)[-1] != "0" else "1"))
    expect(volunteer.locator("#id_applicants-0-id_number_error")).not_to_be_empty()  # checked as typed
    volunteer.fill("#id_applicants-0-id_number", id_number(11))
    expect(volunteer.locator("#id_applicants-0-id_number_error")).to_be_empty()
    volunteer.fill("#id_applicants-0-phone", "13800138011")
    volunteer.click("#applicants .add-row")
    volunteer.fill("#id_applicants-1-name", "王芳")
    volunteer.fill("#id_applicants-1-id_number", id_number(12))
    volunteer.fill("#id_applicants-1-phone", "13800138012")
    volunteer.select_option("#id_applicants-1-employment_form", "dispatch")
    # The employer on record is offered and reused.
    volunteer.fill("#id_employer-name", "服装")
    volunteer.click(".lookup-choice")
    expect(volunteer.locator("#id_employer-uscc")).to_have_value(employer.uscc)
    volunteer.select_option("#id_claims-0-kind", "wage")
    volunteer.fill("#id_claims-0-amount", "18600")
    volunteer.fill("#id_claims-0-description", "2026年7月至9月工资")
    volunteer.click("#claims .add-row")
    volunteer.select_option("#id_claims-1-kind", "severance")
    volunteer.fill("#id_claims-1-amount", "6200.50")
    expect(volunteer.locator("#claims-total")).to_have_text("¥24,800.50")
    volunteer.fill("#id_case-summary", "两名申请人在被申请人处从事缝纫工作，被申请人拖欠2026年7月至9月工资。")
    shoot(volunteer, "02-register-filled")
    with volunteer.expect_navigation():
        volunteer.click("#register")
    expect(volunteer.locator(".case-title h1")).to_contain_text("号")
    number = volunteer.locator(".case-title h1").inner_text()
    case = Case.objects.get(number=number)
    assert case.applicant_count == 2 and case.employer == employer and str(case.claimed_total) == "24800.50"
    expect(volunteer.locator("#parties")).to_contain_text("330102********")
    shoot(volunteer, "03-case-registered-volunteer")

    # The same worker against the same employer again: the desk asks before saving.
    volunteer.click(".mainnav a.register")
    volunteer.select_option("#id_case-category", "wage_arrears")
    volunteer.fill("#id_case-dispute_started_on", "2026-10-08")
    volunteer.fill("#id_applicants-0-name", "张伟")
    volunteer.fill("#id_applicants-0-id_number", id_number(11))
    volunteer.fill("#id_employer-name", employer.name)
    volunteer.fill("#id_employer-uscc", employer.uscc)
    volunteer.fill("#id_case-summary", "拖欠工资。")
    with volunteer.expect_navigation():
        volunteer.click("#register")
    expect(volunteer.locator("#warnings")).to_contain_text(number)
    shoot(volunteer, "03b-register-duplicate-warning")
    assert Case.objects.count() == 1

    # The mediator finds it among the new cases and accepts it.
    mediator = desk(people["mediator"])
    expect(mediator.locator("#new-cases")).to_contain_text(number)
    shoot(mediator, "04-home-mediator")
    mediator.click(f"#new-cases a:has-text('{number}')")
    act(mediator, "accept")
    assert status_of(number) == "accepted"

    # The supervisor assigns it from the board.
    supervisor = desk(people["supervisor"])
    shoot(supervisor, "05-home-supervisor")
    supervisor.click(".mainnav a[href='/supervisor/board/']")
    shoot(supervisor, "06-board")
    row = supervisor.locator(".waiting-case", has_text=number)
    row.locator("select").select_option(str(people["mediator"].pk))
    with supervisor.expect_navigation():
        row.locator("button[type=submit]").click()
    assert Case.objects.get(number=number).mediator == people["mediator"]

    # The mediator schedules the session and issues its notice from the 文书 panel, records it once held,
    # prints its record, then the agreement for signature.
    mediator.goto(f"/cases/{case.pk}/")
    mediator.click("#document-form-mediation_notice > summary")
    session_at = (clock.now() + datetime.timedelta(days=1)).astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")
    mediator.fill("#id_mediation_notice_scheduled_for", session_at)
    mediator.fill("#id_mediation_notice_place", "县总工会调解室")
    with mediator.expect_navigation():
        mediator.click("#document-form-mediation_notice button[type=submit]")
    assert "县总工会调解室" in download_text(mediator, "#document-mediation_notice .version a")
    mediator.click("#record-session > summary")
    held_at = (clock.now() - datetime.timedelta(hours=1)).astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")
    mediator.fill("#id_session_held_at", held_at)
    mediator.fill("#id_session_place", "县总工会调解室")
    mediator.fill("#id_session_present", "申请人张伟、王芳，被申请人代表刘经理，调解员陈调解")
    mediator.fill("#id_session_statements", "申请人要求支付拖欠工资；被申请人同意分两期支付。")
    with mediator.expect_navigation():
        mediator.click("#record-session button[type=submit]")
    assert MediationSession.objects.filter(case=case).count() == 1
    issue_from_panel(mediator, "session_record")
    assert "调解笔录" in download_text(mediator, "#document-session_record .version a")
    due = (today() + datetime.timedelta(days=30)).isoformat()
    act(mediator, "reach_agreement", {"[name=terms]": "被申请人分两期支付申请人工资共计18600元。",
                                      "[name=amount]": "18600.00", "[name=performance_due]": due})
    assert status_of(number) == "agreed"
    expect(mediator.locator("#agreement")).to_contain_text("¥18,600.00")
    issue_from_panel(mediator, "agreement")
    assert "调解协议书" in download_text(mediator, "#document-agreement .version a")
    shoot(mediator, "07-case-agreed-mediator")

    # The supervisor closes and archives.
    supervisor.goto(f"/cases/{case.pk}/")
    supervisor.locator("#record-payment summary").click()
    supervisor.fill("#id_record_payment_paid_on", today().isoformat())
    supervisor.fill("#id_record_payment_amount", "18600.00")
    supervisor.locator("#record-payment button[type=submit]").click()
    expect(supervisor.locator("#performance-status")).to_contain_text("已履行")
    act(supervisor, "close")
    act(supervisor, "archive")
    assert status_of(number) == "archived"
    expect(supervisor.locator("#timeline")).to_contain_text("18,600.00")
    shoot(supervisor, "08-case-archived-supervisor")
    # The case file lists every document issued from the desk or by a step before archiving.
    case_file = download_text(supervisor, "#document-case_file .version a")
    for title in ("受理通知书", "调解通知书", "调解笔录", "调解协议书", "结案报告"):
        assert title in case_file, title
    actions = CaseEvent.objects.filter(case=case).values_list("action", flat=True)
    assert [a for a in actions if a in STATE_AND_SESSION] == [
        "create", "accept", "assign", "record_session", "reach_agreement", "close", "archive"]


def test_the_court_delegated_path(desk, shoot, people):
    volunteer = desk(people["volunteer"])
    volunteer.goto("/cases/new/")
    expect(volunteer.locator("#court-referral")).to_be_hidden()
    volunteer.select_option("#id_case-channel", "court_delegated")
    expect(volunteer.locator("#court-referral")).to_be_visible()
    volunteer.select_option("#id_case-category", "contract_termination")
    volunteer.fill("#id_case-dispute_started_on", "2026-09-30")
    volunteer.fill("#id_court_referral-court", "某某县人民法院")
    volunteer.fill("#id_court_referral-court_case_number", "（2026）某0101民诉前调88号")
    volunteer.fill("#id_court_referral-referred_on", (today() - datetime.timedelta(days=2)).isoformat())
    volunteer.fill("#id_applicants-0-name", "赵强")
    volunteer.fill("#id_applicants-0-id_number", id_number(21))
    volunteer.fill("#id_applicants-0-phone", "13900139021")
    volunteer.select_option("#id_applicants-0-employment_form", "platform")
    volunteer.fill("#id_employer-name", "某某配送服务有限公司")
    volunteer.fill("#id_employer-uscc", "91330100MA2B3C4D5X")  # a wrong check character
    volunteer.locator("#id_employer-uscc").blur()
    expect(volunteer.locator("#id_employer-uscc_error")).not_to_be_empty()
    volunteer.select_option("#id_claims-0-kind", "severance")
    volunteer.fill("#id_claims-0-amount", "12000")
    volunteer.fill("#id_case-summary", "申请人系平台配送员，被申请人单方解除用工关系，未支付经济补偿。")
    # The server refuses the wrong credit code too, next to the field, and keeps everything typed.
    with volunteer.expect_navigation():
        volunteer.click("#register")
    expect(volunteer.locator("#form-errors")).to_be_visible()
    expect(volunteer.locator("#id_employer-uscc_error")).not_to_be_empty()
    expect(volunteer.locator("#id_court_referral-court")).to_have_value("某某县人民法院")
    expect(volunteer.locator("#court-referral")).to_be_visible()
    assert Case.objects.count() == 0
    shoot(volunteer, "09-register-refused")
    volunteer.fill("#id_employer-uscc", identifiers.make_uscc("91330100MA7H8J9K1"))
    with volunteer.expect_navigation():
        volunteer.click("#register")
    number = volunteer.locator(".case-title h1").inner_text()
    case = Case.objects.get(number=number)
    assert case.court_referral.kind == "pre_litigation"
    expect(volunteer.locator("#court-referral")).to_contain_text("（2026）某0101民诉前调88号")

    mediator = desk(people["mediator"])
    mediator.goto(f"/cases/{case.pk}/")
    act(mediator, "accept")
    supervisor = desk(people["supervisor"])
    supervisor.goto(f"/cases/{case.pk}/")
    act(supervisor, "assign", {"select[name=mediator]": str(people["mediator"].pk)})
    shoot(supervisor, "10-court-case-mediating-supervisor")
    mediator.reload()
    act(mediator, "record_failure", {"[name=reason]": "双方对经济补偿数额分歧较大，未能达成协议。"})
    assert status_of(number) == "failed"
    supervisor.reload()
    act(supervisor, "close")
    assert status_of(number) == "closed"
    expect(supervisor.locator(".case-title .status")).to_have_class(re.compile("status-closed"))
    shoot(supervisor, "11-court-case-closed")

    supervisor.goto("/cases/?channel=court_delegated")
    expect(supervisor.locator("table.cases")).to_contain_text(number)
    shoot(supervisor, "12-case-list")
    supervisor.goto("/deadlines/")
    shoot(supervisor, "13-deadlines")
    supervisor.goto("/login/")
    shoot(supervisor, "00-login")


def test_the_live_id_check_judges_a_birth_date_by_the_desks_day(desk, people):
    """Born the day after the desk's today: in the future for the page as for the server (the
    browser's clock is the suite's, not the machine's, tests/browser/conftest.py)."""
    volunteer = desk(people["volunteer"])
    volunteer.goto("/cases/new/")
    for born, error in ((today() + datetime.timedelta(days=1), True), (today() - datetime.timedelta(days=1), False)):
        volunteer.fill("#id_applicants-0-id_number", identifiers.make_resident_id("330102", born, 5))
        message = expect(volunteer.locator("#id_applicants-0-id_number_error"))
        if error:
            volunteer.locator("#id_applicants-0-id_number").blur()
            message.to_have_text(str(identifiers.ID_BIRTH_DATE_MESSAGE), use_inner_text=True)
        else:
            # A valid number is looked up on the server (and logged): wait for its answer, or the test ends
            # with the request in flight and its log row is written after the database was emptied.
            with volunteer.expect_response(lambda response: response.request.method == "POST"):
                volunteer.locator("#id_applicants-0-id_number").blur()
            message.to_be_empty()

"""Applying online at /apply/: a submitted online case through the one intake service, or the page
again in Chinese with nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password

from casedesk.cases import access, roles, transitions
from casedesk.cases.models import Case, PersonalDataAccess
from casedesk.portal import consent
from casedesk.portal.identity import portal_user
from casedesk.portal.models import Application

from ..conftest import NOW, unchanged
from .conftest import CHINESE, WORKER_ID, application_post, field_errors

pytestmark = pytest.mark.django_db


def test_the_page_is_chinese_and_made_for_a_phone(client):
    response = client.get("/apply/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert "申请劳动争议调解" in page and "个人信息保护" in page and "单独同意" in page
    assert "<script" not in page and "style=" not in page and "http://" not in page and "https://" not in page


def test_an_application_registers_a_submitted_online_case_with_its_deadline(client, apply):
    number, code = apply()
    application = Application.objects.select_related("case").get()
    case = application.case
    assert (case.status, case.channel, case.category) == ("submitted", "online", "wage_arrears")
    assert case.acceptance_due == datetime.date(2026, 11, 5)  # three working days after Monday 2 November
    assert case.registered_by == portal_user() and roles.is_portal(case.registered_by)
    assert case.claimed_total == Decimal("12400.00")
    applicant = case.applicants.get()
    assert (applicant.name, applicant.phone, applicant.person.id_number) == ("赵网申", "13900001111", WORKER_ID)
    assert applicant.person.id_verified
    assert case.respondent.address == "某某县工业园区纬三路9号"
    # The tracking number and a query code kept only as its hash; the consent with its version and time.
    assert application.tracking_number == number and number.startswith("20261102") and len(code) == 8
    assert code not in application.code_hash and check_password(code, application.code_hash)
    assert (application.consent_version, application.consent_sha256) == (consent.VERSION, consent.sha256_of_text())
    assert application.consent_accepted_at == application.sensitive_consent_accepted_at == NOW
    assert application.wants_messages
    # The registration's look-up of the document is logged as the portal's.
    lookup = PersonalDataAccess.objects.get(action="identity_lookup")
    assert lookup.user == case.registered_by and lookup.detail["where"] == "portal"
    assert WORKER_ID not in str(lookup.detail)


def test_the_query_code_is_shown_once(client):
    response = client.post("/apply/", application_post())
    first = client.get(response["Location"])
    assert "查询码只显示这一次" in first.content.decode()
    again = client.get(response["Location"])
    assert again.status_code == 302 and again["Location"] == "/track/"


def test_an_online_case_is_on_the_desk_of_supervisors_and_mediators_and_of_volunteers_until_accepted(
        client, apply, login, volunteer, mediator, supervisor):
    apply()
    case = Case.objects.get()
    for user in (supervisor, mediator, volunteer):
        assert access.can_see(user, case)
        listed = login(user).get("/cases/?status=submitted").content.decode()
        assert case.number in listed
        page = login(user).get(f"/cases/{case.pk}/").content.decode()
        assert "网上申请" in page and "待受理" in page
        source = page.split('id="source-portal">', 1)[1].split("</dd>", 1)[0]
        assert case.online_application.tracking_number in source and "版本 2026-11" in source
    # The desk's acceptance flow takes it from there; accepted, it is the mediators' work, no volunteer's.
    accepted = transitions.perform(case, "accept", mediator)
    assert accepted.status == "accepted"
    assert not access.can_see(volunteer, case)
    assert login(volunteer).get(f"/cases/{case.pk}/").status_code == 404
    assert case.number not in login(volunteer).get("/cases/").content.decode()


def test_the_portal_account_cannot_log_in_and_sees_nothing(client, apply):
    apply()
    user = portal_user()
    assert not user.is_active and not user.has_usable_password() and roles.role_of(user) is None
    assert access.visible_cases(user).count() == 0
    for password in ("", "!"):
        response = client.post("/login/", {"username": roles.PORTAL_USERNAME, "password": password})
        assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_an_account_of_that_name_made_by_hand_is_never_used_to_register(client):
    get_user_model().objects.create_user(username=roles.PORTAL_USERNAME, password="a-real-password-1")
    with pytest.raises(RuntimeError):
        portal_user()


BAD = {
    "an ID number with a wrong check character": ({"id_number": WORKER_ID[:-1] + ("0" if WORKER_ID[-1] != "0" else "1")},
                                                  "id_number"),
    "no consent": ({"consent": None}, "consent"),
    "no separate consent to the sensitive data": ({"sensitive_consent": None}, "sensitive_consent"),
    "an absurd amount": ({"claim_amount_0": "99999999999999"}, "claim_amount_0"),
    "a negative amount": ({"claim_amount_0": "-500"}, "claim_amount_0"),
    "an amount that is not a number": ({"claim_amount_0": "1e400"}, "claim_amount_0"),
    "an amount without its kind": ({"claim_kind_0": "", "claim_amount_2": "300"}, "claim_kind_2"),
    "a dispute that starts in the future": ({"dispute_started_on": "2027-01-01"}, "dispute_started_on"),
    "no name": ({"name": ""}, "name"),
    "a name of emoji": ({"name": "😀😀"}, "name"),
    "no phone": ({"phone": ""}, "phone"),
    "a phone that is not one": ({"phone": "12345"}, "phone"),
    "a bad credit code": ({"employer_uscc": "91330100MA2B3C4D5X"}, "employer_uscc"),
    "neither a credit code nor an address": ({"employer_address": ""}, "employer_address"),
    "no category": ({"category": ""}, "category"),
    "a category that does not exist": ({"category": "everything"}, "category"),
    "no account of what happened": ({"summary": ""}, "summary"),
}


@pytest.mark.parametrize("label", BAD)
def test_bad_input_is_answered_in_chinese_next_to_its_field_and_nothing_is_saved(client, label):
    overrides, field = BAD[label]
    with unchanged():
        response = client.post("/apply/", application_post(**overrides))
    assert response.status_code == 400, label
    page = response.content.decode()
    errors = field_errors(page, field)
    assert errors and all(CHINESE.search(e) for e in errors), (label, errors)
    assert "请更正下方标出的错误" in page
    assert Case.objects.count() == 0 and Application.objects.count() == 0
    # What was typed is shown again (bar the consent the worker did not give).
    assert "某某网申服装有限公司" in page


def test_the_honeypot_is_refused_and_nothing_is_saved(client):
    with unchanged():
        response = client.post("/apply/", application_post(website="http://spam.example"))
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_applications_are_throttled_per_address(client, settings):
    settings.CASEDESK_PORTAL_APPLICATIONS_PER_HOUR = 2
    for n in (1, 2):
        assert client.post("/apply/", application_post(name=f"赵网申{'一二'[n - 1]}")).status_code == 302
    with unchanged():
        response = client.post("/apply/", application_post(name="赵网申三"))
    assert response.status_code == 429
    assert "一小时内从本网络提交的申请过多" in response.content.decode()
    assert Case.objects.count() == 2
    # Another address may still apply.
    other = client.post("/apply/", application_post(name="钱网申"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_a_number_on_record_under_another_name_does_not_tell_a_stranger(client, register):
    """At the desk a different name is asked about; online it is not told, the case keeps the name typed
    and its registration event flags it for the desk."""
    register(applicants=[{"name": "孙本名", "id_number": WORKER_ID, "employment_form": "contract"}])
    response = client.post("/apply/", application_post(name="孙冒名"))
    assert response.status_code == 302
    case = Application.objects.get().case
    assert case.applicants.get().name == "孙冒名"
    assert case.events.get(action="create").data["name_differs"] == [1]
    assert "孙本名" not in client.get("/track/").content.decode()


ODD = {
    "a NUL in the name": {"name": "赵\x00网申"},
    "a NUL in the account": {"summary": "拖欠\x00工资"},
    "a very long account": {"summary": "拖欠工资。" * 3000},
    "a very long name": {"name": "赵" * 500},
    "a date that does not exist": {"dispute_started_on": "2026-02-30"},
    "a date in another shape": {"employed_from": "去年三月"},
    "a document type that does not exist": {"id_type": "library_card"},
    "no document": {"id_type": "none", "id_number": ""},
    "an employment form that does not exist": {"employment_form": "slave"},
    "a claim kind that does not exist": {"claim_kind_0": "everything"},
    "an amount with three decimals": {"claim_amount_0": "12.345"},
    "an amount of NaN": {"claim_amount_0": "NaN"},
    "consent given as maybe": {"consent": "maybe", "sensitive_consent": "perhaps"},
}


@pytest.mark.parametrize("label", ODD)
def test_odd_input_is_refused_without_a_server_error_and_nothing_is_saved(client, label):
    with unchanged():
        response = client.post("/apply/", application_post(**ODD[label]))
    assert response.status_code == 400, label
    assert CHINESE.search(response.content.decode().split('id="page-error"', 1)[1][:200])
    assert Case.objects.count() == 0


def test_repeated_fields_and_a_get_with_data_are_never_a_server_error(client):
    data = application_post()
    data["name"] = ["甲", "乙"]
    data["claim_amount_0"] = ["1", "2"]
    assert client.post("/apply/", data).status_code in (302, 400)
    assert client.get("/apply/?name=%00&id_number=x").status_code == 200
    for path in ("/track/?tracking_number=%00", "/apply/done/", "/track/documents/987654321/"):
        assert client.get(path).status_code in (200, 302, 404)
    assert client.post("/track/", {"tracking_number": "\x00" * 5000, "query_code": ["1", "2"]}).status_code == 400


def test_the_case_waits_in_the_acceptance_queue_of_the_workflow(client, django_capture_on_commit_callbacks):
    from workflows.models import CaseProcess

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/apply/", application_post()).status_code == 302
    case = Case.objects.get()
    process = CaseProcess.for_case(case.pk).get()
    open_tasks = [task.flow_task.name for task in process.task_set.filter(status__in=("NEW", "ASSIGNED"))]
    assert open_tasks == ["decide_acceptance"]

"""Two-factor login on the desk: supervisors and admins give their authenticator app's code (or a
recovery code, once) after the password; without an app while CASEDESK_REQUIRE_2FA is on they can only
enrol; wrong codes lock like wrong passwords; volunteers and mediators are never asked.

The codes are computed here from the device's key, as the phone's app does."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import checks
from django.test import Client
from django.utils.translation import gettext, override
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casedesk.web import two_factor

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.7"


def zh(msgid):
    with override("zh-hans"):
        return gettext(msgid)


def code_of(device):
    """The 6 digits the authenticator app shows now."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrolled(user):
    """`user` with a confirmed app and recovery codes, as the enrolment page leaves them."""
    device = TOTPDevice.objects.create(user=user, name=two_factor.APP_DEVICE_NAME, confirmed=True)
    return device, two_factor.new_recovery_codes(user)


def password_step(username, client=None):
    client = client or Client(REMOTE_ADDR=OFFICE)
    return client, client.post("/login/", {"username": username, "password": PASSWORD}, REMOTE_ADDR=OFFICE)


def code_step(client, code):
    return client.post("/login/code/", {"code": code}, REMOTE_ADDR=OFFICE)


def is_logged_in(client):
    return "_auth_user_id" in client.session and client.get("/").status_code == 200


@pytest.fixture
def required(settings):
    settings.CASEDESK_REQUIRE_2FA = True


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin1", is_staff=True, is_superuser=True)


# --- the code step ---------------------------------------------------------------------------------

def test_the_password_alone_does_not_log_in_a_supervisor_with_an_app(required, supervisor):
    enrolled(supervisor)
    client, response = password_step(supervisor.username)
    assert response.status_code == 302 and response.url == "/login/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still the login page
    page = client.get("/login/code/")
    assert page.status_code == 200 and zh("Code from your authenticator app") in page.content.decode()


def test_the_right_code_logs_the_supervisor_in(required, supervisor):
    device, _codes = enrolled(supervisor)
    client, _response = password_step(supervisor.username)
    response = code_step(client, code_of(device))
    assert response.status_code == 302 and response.url == "/"
    assert is_logged_in(client)


def test_the_code_may_be_typed_with_a_space(required, supervisor):
    device, _codes = enrolled(supervisor)
    client, _response = password_step(supervisor.username)
    code = code_of(device)
    assert code_step(client, f"{code[:3]} {code[3:]}").status_code == 302
    assert is_logged_in(client)


def test_a_wrong_code_is_refused_counted_and_logs_nobody_in(required, supervisor):
    device, _codes = enrolled(supervisor)
    client, _response = password_step(supervisor.username)
    wrong = f"{(int(code_of(device)) + 500000) % 1000000:06d}"
    response = code_step(client, wrong)
    assert response.status_code == 400
    assert zh("The code is wrong or has expired. Type the code your app shows now.") in response.content.decode()
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (supervisor.username, OFFICE, 1)
    assert code_step(client, code_of(device)).status_code == 302  # a right code afterwards still works
    assert is_logged_in(client)
    assert not AccessAttempt.objects.exists()  # and clears the count, as a right password does


def test_five_wrong_codes_lock_the_user_name_like_five_wrong_passwords(required, supervisor):
    device, codes = enrolled(supervisor)
    client, _response = password_step(supervisor.username)
    answers = [code_step(client, "000000" if code_of(device) != "000000" else "111111").status_code
               for _ in range(5)]
    assert answers == [400, 400, 400, 400, 429]
    assert code_step(client, code_of(device)).status_code == 302  # the pending login is gone: back to the login page
    assert "_auth_user_id" not in client.session
    _client, again = password_step(supervisor.username)  # the right password is refused too, for 15 minutes
    assert again.status_code == 429


def test_logging_in_again_with_the_password_does_not_reset_the_count_of_wrong_codes(required, supervisor):
    device, _codes = enrolled(supervisor)
    for _round in range(2):
        client, response = password_step(supervisor.username)
        assert response.status_code == 302
        for _ in range(2):
            code_step(client, "abcdef")
    client, response = password_step(supervisor.username)
    assert code_step(client, "abcdef").status_code == 429  # the fifth wrong code, over three password logins


def test_a_recovery_code_works_once(required, supervisor):
    _device, codes = enrolled(supervisor)
    client, _response = password_step(supervisor.username)
    assert code_step(client, codes[0]).status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert zh("You logged in with a recovery code; %(left)s are left. Make new ones on the two-factor page if "
              "you are running short.") % {"left": 9} in home.content.decode()
    assert StaticToken.objects.filter(device__user=supervisor).count() == 9
    client, _response = password_step(supervisor.username)
    assert code_step(client, codes[0]).status_code == 400
    assert "_auth_user_id" not in client.session
    assert code_step(client, codes[1]).status_code == 302


def test_the_code_page_without_a_right_password_sends_to_the_login_page(client, supervisor):
    response = client.get("/login/code/")
    assert response.status_code == 302 and response.url == "/login/"
    assert client.post("/login/code/", {"code": "123456"}).status_code == 302


# --- who is asked ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["volunteer", "mediator"])
def test_volunteers_and_mediators_are_never_asked(required, role, request):
    user = request.getfixturevalue(role)
    client, response = password_step(user.username)
    assert response.status_code == 302 and response.url == "/"
    assert is_logged_in(client)
    assert client.get("/password/two-factor/").status_code == 403


def test_without_the_requirement_a_supervisor_without_an_app_logs_in_with_the_password(settings, supervisor):
    settings.CASEDESK_REQUIRE_2FA = False
    client, response = password_step(supervisor.username)
    assert response.url == "/" and is_logged_in(client)


def test_without_the_requirement_a_supervisor_who_set_up_an_app_is_still_asked(settings, supervisor):
    settings.CASEDESK_REQUIRE_2FA = False
    enrolled(supervisor)
    _client, response = password_step(supervisor.username)
    assert response.url == "/login/code/"


def test_an_admin_is_asked_too_even_without_a_desk_role(required, admin_user):
    device, _codes = enrolled(admin_user)
    client, response = password_step(admin_user.username)
    assert response.url == "/login/code/"
    code_step(client, code_of(device))
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_page_does_not_bypass_the_code(required, admin_user):
    enrolled(admin_user)
    client = Client()
    response = client.post("/admin/login/", {"username": admin_user.username, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert "_auth_user_id" not in client.session


# --- enrolment -------------------------------------------------------------------------------------

def test_a_supervisor_without_an_app_can_only_enrol(required, supervisor):
    client, response = password_step(supervisor.username)
    assert response.url == "/"
    for path in ("/", "/reports/", "/supervisor/calendar/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == "/password/two-factor/", path
    api = client.get("/api/cases/")
    assert api.status_code == 401 and api.json()["error"] == "otp_not_enrolled"
    page = client.get("/password/two-factor/")
    assert page.status_code == 200
    assert zh("Supervisors and administrators log in with a code from an authenticator app. Set one up to "
              "continue.") in page.content.decode()


def test_enrolment_shows_a_qr_code_confirms_a_first_code_and_shows_the_recovery_codes_once(required, supervisor):
    client, _response = password_step(supervisor.username)
    page = client.get("/password/two-factor/").content.decode()
    qr = re.search(r'<figure class="qr" id="two-factor-qr">(<svg.*?</svg>)</figure>', page, re.S)
    assert qr and "style" not in qr.group(1) and "<script" not in qr.group(1)
    device = TOTPDevice.objects.get(user=supervisor, confirmed=False)
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    assert two_factor.secret_text(device) == secret

    wrong = client.post("/password/two-factor/", {"action": "confirm", "code": "12345x"})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(user=supervisor, confirmed=True).exists()

    done = client.post("/password/two-factor/", {"action": "confirm", "code": code_of(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li>([a-z0-9]+)</li>", done.content.decode())
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=supervisor).values_list("token", flat=True))
    assert client.get("/").status_code == 200  # this session is verified by the first code
    again = client.get("/password/two-factor/").content.decode()
    assert not any(code in again for code in codes)  # shown only once
    assert zh("Your authenticator app is set up: after your password, the desk asks for its code.") in again

    client, response = password_step(supervisor.username)  # from now on the code is asked
    assert response.url == "/login/code/"
    assert code_step(client, codes[3]).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(required, supervisor):
    device, old = enrolled(supervisor)
    client, _response = password_step(supervisor.username)
    code_step(client, code_of(device))
    page = client.post("/password/two-factor/", {"action": "recovery_codes"})
    new = re.findall(r"<li>([a-z0-9]+)</li>", page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client, _response = password_step(supervisor.username)
    assert code_step(client, old[0]).status_code == 400
    assert code_step(client, new[0]).status_code == 302


def test_check_deploy_warns_while_two_factor_login_is_off(settings):
    def warnings():
        return [m.id for m in checks.run_checks(include_deployment_checks=True, tags=["security"])]

    settings.CASEDESK_REQUIRE_2FA = False
    assert "cases.W003" in warnings()
    settings.CASEDESK_REQUIRE_2FA = True
    assert "cases.W003" not in warnings()


def test_a_supervisor_group_member_counts(required, db):
    user = UserFactory(username="sup2")
    user.groups.add(Group.objects.get(name="supervisor"))
    assert two_factor.must_enrol(user)

"""POST /api/auth/token/ with two-factor login: supervisors and admins add "otp" (the app's code or a
recovery code) when it applies; without a right one they get no token, in JSON; wrong codes lock like
wrong passwords; volunteers and mediators send what they always sent."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from casedesk.web import two_factor

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.CASEDESK_REQUIRE_2FA = True


def code_of(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name=two_factor.APP_DEVICE_NAME, confirmed=True)
    return device, two_factor.new_recovery_codes(user)


def token(user, **extra):
    return Client().post("/api/auth/token/", {"username": user.username, "password": PASSWORD, **extra},
                         content_type="application/json", REMOTE_ADDR="203.0.113.7")


def test_a_supervisor_without_the_code_gets_no_token(required, supervisor):
    enrolled(supervisor)
    response = token(supervisor)
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    assert response.json()["error"] == "otp_required"
    assert "otp" in response.json()["detail"]
    assert not Token.objects.filter(user=supervisor).exists()


def test_a_supervisor_with_a_wrong_code_gets_no_token(required, supervisor):
    device, _codes = enrolled(supervisor)
    wrong = f"{(int(code_of(device)) + 1) % 1000000:06d}"
    for otp in (wrong, "x" * 40, 123, ["1"]):  # four: the fifth would lock
        response = token(supervisor, otp=otp)
        assert response.status_code == 401, otp
        assert response.json()["error"] in ("otp_invalid", "otp_required")
    assert not Token.objects.filter(user=supervisor).exists()


def test_a_supervisor_with_the_right_code_gets_a_token_that_works(required, supervisor):
    device, _codes = enrolled(supervisor)
    response = token(supervisor, otp=code_of(device))
    assert response.status_code == 200
    key = response.json()["token"]
    assert Client().get("/api/cases/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_a_code_is_good_once(required, supervisor):
    device, _codes = enrolled(supervisor)
    code = code_of(device)
    assert token(supervisor, otp=code).status_code == 200
    assert token(supervisor, otp=code).status_code == 401  # replayed


def test_a_recovery_code_works_once(required, supervisor):
    _device, codes = enrolled(supervisor)
    assert token(supervisor, otp=codes[0]).status_code == 200
    response = token(supervisor, otp=codes[0])
    assert response.status_code == 401 and response.json()["error"] == "otp_invalid"


def test_a_supervisor_without_an_app_is_told_to_set_one_up(required, supervisor):
    response = token(supervisor, otp="123456")
    assert response.status_code == 401 and response.json()["error"] == "otp_not_enrolled"
    assert not Token.objects.filter(user=supervisor).exists()


def test_five_wrong_codes_lock_out_with_a_json_429(required, supervisor):
    device, _codes = enrolled(supervisor)
    answers = [token(supervisor, otp="abcdef").status_code for _ in range(5)]
    assert answers == [401, 401, 401, 401, 429]
    response = token(supervisor, otp=code_of(device))
    assert response.status_code == 429 and response.json()["error"] == "locked_out"
    assert response["Retry-After"] == "900"


@pytest.mark.parametrize("role", ["volunteer", "mediator"])
def test_volunteers_and_mediators_need_no_code(required, role, request):
    response = token(request.getfixturevalue(role))
    assert response.status_code == 200 and response.json()["token"]


def test_without_the_requirement_a_supervisor_without_an_app_needs_no_code(supervisor):
    assert token(supervisor).status_code == 200


def test_enrolling_revokes_the_token_obtained_without_a_code(supervisor):
    old = token(supervisor).json()["token"]
    device = two_factor.pending_app(supervisor)
    assert two_factor.confirm_app(supervisor, code_of(device)) is not None
    assert Client().get("/api/cases/", HTTP_AUTHORIZATION=f"Token {old}").status_code == 401

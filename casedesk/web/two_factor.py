"""Two-factor login: who must give a code after the password, enrolling an authenticator app, checking a code.

Supervisors (superusers among them, casedesk.cases.roles) and anyone with admin rights (is_staff)
hold the desk's widest powers, so they log in with their password and a code: the 6 digits of an
authenticator app (TOTP, django-otp's TOTPDevice) or one of their recovery codes (a StaticDevice,
each code good once). With CASEDESK_REQUIRE_2FA every such user must have an app; without it, one
who enrolled is still asked for the code. Volunteers and mediators are never asked.

A wrong code counts as a failed log-in for django-axes, on the same (user name, client address)
as a wrong password, so guessing codes is throttled exactly like guessing passwords
(casedesk.web.lockout answers the lockout); the count is cleared only when the code is right.
The desk's pages (casedesk.desk) and the token endpoint (casedesk.api) both ask here.
"""

import base64

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from casedesk.cases import roles

RECOVERY_CODES = 10
APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
MAX_CODE_LENGTH = 16


def applies_to(user):
    """Supervisors and admins: the users two-factor login is for."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_staff) or roles.is_supervisor(user)


def has_app(user):
    """The user has confirmed an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def code_needed(user):
    """After the password, this user must give a code (an app enrolled, or CASEDESK_REQUIRE_2FA)."""
    return applies_to(user) and (settings.CASEDESK_REQUIRE_2FA or has_app(user))


def must_enrol(user):
    """Required but no app yet: on the desk, this user can do nothing but enrol."""
    return applies_to(user) and settings.CASEDESK_REQUIRE_2FA and not has_app(user)


def clean_code(code):
    """The code as typed, without spaces (apps show "123 456"), or "" for anything that cannot be one."""
    if not isinstance(code, str):
        return ""
    code = "".join(code.split())
    return code if 0 < len(code) <= MAX_CODE_LENGTH and code.isascii() and code.isalnum() else ""


def credentials(user):
    return {"username": user.get_username()}


def locked_out(request, user):
    """django-axes refuses this user name from this address (wrong passwords and wrong codes alike)."""
    return AxesProxyHandler.is_locked(request, credentials(user))


def check_code(request, user, code):
    """The device that accepts `code` (an app's current code, or an unused recovery code, which is
    used up), or None; a refused code is a failed log-in for django-axes (request.axes_locked_out
    tells when it was the last one allowed)."""
    code = clean_code(code)
    matched = None
    if code:
        with transaction.atomic():
            for device in devices_for_user(user, confirmed=True, for_verify=True):
                if device.verify_token(code):
                    matched = device
                    break
    if matched is None:
        user_login_failed.send(sender=__name__, credentials=credentials(user), request=request)
    return matched


def is_recovery_code(device):
    return isinstance(device, StaticDevice)


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrolling(user):
    """An app has been shown (QR code) and not yet confirmed."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def pending_app(user):
    """The app being enrolled (shown as a QR code, not yet confirmed with a first code), made if need be."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def restart_enrolment(user):
    """A new secret for a new app; the old app keeps working until the new one is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return pending_app(user)


@transaction.atomic
def confirm_app(user, code):
    """Confirm the pending app with its first code: it replaces any earlier app, the recovery codes are
    made anew and the user's API token (obtained without this app) is revoked. Returns (device, codes),
    or None for a wrong code."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    code = clean_code(code)
    if device is None or not code or not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    Token.objects.filter(user=user).delete()
    return device, new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user):
    """RECOVERY_CODES new codes, each good once; the earlier ones stop working. Shown once, stored as given
    (django-otp compares them as typed)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME,
                                                          defaults={"confirmed": True})
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def qr_svg(device):
    """The app's otpauth:// address as an inline SVG QR code (no script, no style attribute: the CSP holds)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, omitsize=False)


def secret_text(device):
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))

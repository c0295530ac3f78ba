"""The desk's side of two-factor login (casedesk.web.two_factor decides who and checks codes).

After a right password, a user who must give a code is not logged in yet: the login view keeps them
in the session as pending (PENDING, for PENDING_SECONDS) and sends them to the code page, which
logs them in once the code is right. The middleware holds the rest of the desk shut to a login that
skipped that (the admin's own login page, a session from before enrolment): one with an app is
logged out and sent to the login page; one who must enrol while CASEDESK_REQUIRE_2FA is on can
open the enrolment page, log out and nothing else (the API answers JSON 401).
"""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from casedesk.web import two_factor
from casedesk.web.json_errors import error_response

PENDING = "casedesk_2fa_pending"
PENDING_SECONDS = 5 * 60
OPEN_URL_NAMES = ("login", "login-code", "logout", "two-factor", "keepalive", "api-token")


def open_paths():
    return {reverse(name) for name in OPEN_URL_NAMES}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request):
        user = request.user
        if not two_factor.applies_to(user) or user.is_verified():
            return None
        path = request.path
        if path.startswith(settings.STATIC_URL) or path in open_paths():
            return None
        api = path.startswith("/api/")
        if two_factor.has_app(user):
            logout(request)
            if api:
                return error_response("otp_required", _("Log in again with your code."), 401)
            return redirect_to_login(request.get_full_path())
        if settings.CASEDESK_REQUIRE_2FA:
            if api:
                return error_response("otp_not_enrolled", not_enrolled_message(), 401)
            return redirect("two-factor")
        return None


def not_enrolled_message():
    return _("Supervisors and administrators log in with a code from an authenticator app: set one up on "
             "the desk's two-factor page first.")

"""Idle logout: a desk PC is shared, so a login nobody has used for CASEDESK_IDLE_SECONDS ends.

The session's absolute lifetime is SESSION_COOKIE_AGE; this adds the idle limit. The last
activity is written at most once a minute, so a busy desk does not save its session on every
request. Typing in a form keeps the login alive (static/js/keepalive.js posts to views.account.keepalive).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from casedesk.cases import clock

LAST_ACTIVITY = "casedesk_last_activity"
TOUCH_EVERY_SECONDS = 60


class IdleLogoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.session.get("_auth_user_id"):
            now = int(clock.now().timestamp())
            last = request.session.get(LAST_ACTIVITY)
            if isinstance(last, int) and now - last > settings.CASEDESK_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were logged out after a long time without activity. Please log in again."))
            elif not isinstance(last, int) or now - last >= TOUCH_EVERY_SECONDS:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)

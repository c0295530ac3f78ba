"""Password guessing: the client address django-axes counts failures by, and the lockout answer.

Failures are counted per (user name, client address) (settings AXES_*): one person guessing in
an office behind one NAT locks only that user name from that address. The desk's login page and
the API's token view (POST /api/auth/token/) answer a lockout the same way, here.
"""

import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from .json_errors import error_response


def client_address(request):
    """REMOTE_ADDR, or behind CASEDESK_TRUSTED_PROXY_COUNT proxies the address the first of them saw.

    Each proxy appends the address it was called from to X-Forwarded-For, so the n-th entry from
    the right was written by our first proxy; whatever the client sent lies further left and is
    never believed.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.CASEDESK_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and _is_address(forwarded[-proxies]):
            return forwarded[-proxies]
    return remote if _is_address(remote) else None


def _is_address(value):
    try:
        ipaddress.ip_address(value or "")
    except ValueError:
        return False
    return True


def cooloff_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message():
    return _(
        "Too many failed log-ins for this user name from this computer's network. Logging in is "
        "paused for %(minutes)s minutes; every further attempt starts the wait again."
    ) % {"minutes": cooloff_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """HTTP 429: a JSON error under /api/, else the lockout page (AXES_LOCKOUT_CALLABLE)."""
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response = error_response("locked_out", lockout_message(), 429)
    else:
        context = {"minutes": cooloff_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT}
        response = render(request, "desk/lockout.html", context, status=429)
    response["Retry-After"] = retry_after
    return response

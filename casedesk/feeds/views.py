"""The calendar subscription: a page to make or stop one's secret address, and the feed it serves."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from casedesk.cases import clock, roles
from casedesk.units import tree

from . import ics, tokens
from .entries import entries_for


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def subscription(request):
    if not roles.is_desk_user(request.user):
        raise Http404
    address = None
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            tokens.revoke(user=request.user)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("feeds:subscription")
        address = feed_address(tokens.issue(user=request.user))
    return render(request, "feeds/subscription.html", {
        "current": tokens.subscription(request.user), "address": address,
    })


def feed_address(secret):
    return settings.CASEDESK_BASE_URL + reverse("feeds:calendar", args=[secret])


@never_cache
@require_GET
def calendar(request, secret):
    user = tokens.user_for(secret)
    if user is None or not roles.is_desk_user(user):
        raise Http404
    host = urlsplit(settings.CASEDESK_BASE_URL).hostname or "casedesk"
    body = ics.calendar(_("Case deadlines · %(org)s") % {"org": tree.unit_of(user).name},
                        entries_for(user, host), clock.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="casedesk.ics"'
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response

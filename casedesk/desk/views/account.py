"""The user's own account: changing the password, keeping an active login alive, the CSRF refusal page."""

from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from casedesk.web.json_errors import error_response


class PasswordChange(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Django's view (old password, new password twice, AUTH_PASSWORD_VALIDATORS); the session stays valid."""

    template_name = "desk/password_change.html"
    success_url = reverse_lazy("desk:home")
    success_message = _("Your password has been changed.")

    def form_invalid(self, form):
        """Refused like every desk form: the page again with the reasons, and 400 (nothing changed)."""
        return self.render_to_response(self.get_context_data(form=form), status=400)


@require_POST
def keepalive(request):
    """Typing in a long form counts as activity: casedesk.desk.idle has already noted this request."""
    return HttpResponse(status=204 if request.user.is_authenticated else 401)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form was posted without a valid token (an old page, or cookies blocked)."""
    if request.path.startswith("/api/"):
        detail = gettext("The request could not be verified (CSRF). Reload the page and try again.")
        return error_response("csrf_failed", detail, 403)
    return render(request, "desk/csrf_failure.html", status=403)

"""The user's own account: the password, their own identity document, keeping an active login alive, the
CSRF refusal page."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from casedesk.cases import identities
from casedesk.cases.intake_forms import StaffIdentityForm
from casedesk.web.json_errors import error_response


class PasswordChange(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Django's view (old password, new password twice, AUTH_PASSWORD_VALIDATORS); the session stays valid.
    The page also holds the user's own identity document (staff_identity below)."""

    template_name = "desk/password_change.html"
    success_url = reverse_lazy("desk:home")
    success_message = _("Your password has been changed.")

    def form_invalid(self, form):
        """Refused like every desk form: the page again with the reasons, and 400 (nothing changed)."""
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("identity_form", StaffIdentityForm())
        context["staff_identity"] = identities.staff_identity_shown(self.request.user)
        return context


@login_required
@require_POST
def staff_identity(request):
    """Record (or, with "forget", remove) the user's own identity document."""
    if "forget" in request.POST:
        identities.forget_staff_identity(user=request.user)
        messages.success(request, _("Your identity document is no longer recorded."))
        return redirect("password-change")
    form = StaffIdentityForm({k: request.POST[k] for k in ("id_type", "id_number") if k in request.POST})
    if not form.is_valid():
        return render(request, PasswordChange.template_name, {
            "form": PasswordChangeForm(request.user), "identity_form": form,
            "staff_identity": identities.staff_identity_shown(request.user),
        }, status=400)
    identities.record_staff_identity(user=request.user, id_type=form.cleaned_data["id_type"],
                                     id_number=form.cleaned_data["id_number"])
    messages.success(request, _("Your identity document is recorded: a worker who holds it will be flagged."))
    return redirect("password-change")


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

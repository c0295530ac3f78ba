"""The user's own account: logging in (with the two-factor code where it applies), the password, the
authenticator app, their own identity document, keeping an active login alive, the CSRF refusal page."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from casedesk.cases import clock, identities
from casedesk.cases.intake_forms import StaffIdentityForm
from casedesk.web import lockout, two_factor
from casedesk.web.json_errors import error_response

from ..two_factor import PENDING, PENDING_SECONDS


class Login(auth_views.LoginView):
    """Django's login page; a user who must give a two-factor code is not logged in by the password alone:
    they are kept as pending and asked for the code (login_code)."""

    template_name = "desk/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.code_needed(user) or two_factor.must_enrol(user):
            return super().form_valid(form)  # must_enrol: logged in, held to the enrolment page
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk, "backend": user.backend, "next": self.get_success_url(),
            "at": int(clock.now().timestamp()),
        }
        return redirect("login-code")


def pending_user(request):
    """The user whose password was right and whose code is awaited, or None (none, or too long ago)."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or int(clock.now().timestamp()) - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    return user if user is not None and two_factor.has_app(user) else None


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step of logging in: the app's code or a recovery code. A wrong code counts like a
    wrong password (django-axes); the last one allowed ends the pending login with the lockout page."""
    user = pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("login")
    if request.method == "GET":
        return render(request, "desk/login_code.html", {"pending_user": user})
    if two_factor.locked_out(request, user):
        request.session.pop(PENDING, None)
        return lockout.lockout_response(request)
    device = two_factor.check_code(request, user, request.POST.get("code"))
    if device is None:
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING, None)
            return lockout.lockout_response(request)
        return render(request, "desk/login_code.html", {"pending_user": user, "wrong": True}, status=400)
    pending = request.session.pop(PENDING)
    auth_login(request, user, backend=pending["backend"])  # clears the failure count (django-axes)
    otp_login(request, device)
    if two_factor.is_recovery_code(device):
        messages.warning(request, _("You logged in with a recovery code; %(left)s are left. Make new ones on "
                                    "the two-factor page if you are running short.")
                         % {"left": two_factor.recovery_codes_left(user)})
    return redirect(pending["next"])


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up an authenticator app (QR code, then a first code to confirm), and the recovery codes,
    shown once. For supervisors and admins; with CASEDESK_REQUIRE_2FA, the only page open to one who has
    no app yet (casedesk.desk.two_factor)."""
    user = request.user
    if not two_factor.applies_to(user):
        raise PermissionDenied
    enrolled = two_factor.has_app(user)
    context = {"enrolled": enrolled, "required": two_factor.must_enrol(user)}
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "confirm":
        confirmed = two_factor.confirm_app(user, request.POST.get("code"))
        if confirmed is None:
            context.update(app_form(two_factor.pending_app(user)), wrong=True)
            return render(request, "desk/two_factor.html", context, status=400)
        device, codes = confirmed
        otp_login(request, device)
        return render(request, "desk/two_factor_codes.html", {"codes": codes, "first": True})
    if action == "recovery_codes" and enrolled:
        return render(request, "desk/two_factor_codes.html", {"codes": two_factor.new_recovery_codes(user)})
    if action == "new_app" and enrolled:
        two_factor.restart_enrolment(user)
        return redirect("two-factor")
    if action is not None:
        return redirect("two-factor")
    if enrolled:
        context["codes_left"] = two_factor.recovery_codes_left(user)
    if not enrolled or two_factor.enrolling(user):
        context.update(app_form(two_factor.pending_app(user)))
    return render(request, "desk/two_factor.html", context)


def app_form(device):
    return {"qr": two_factor.qr_svg(device), "secret": two_factor.secret_text(device)}


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

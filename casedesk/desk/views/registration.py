"""Registering a dispute from the desk: the intake service, with a look for duplicates first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casedesk.cases import access, identifiers, intake, roles
from casedesk.cases.errors import InvalidData

from .. import intake_checks
from ..forms import RegistrationPage
from .errors import forbidden


@login_required
def register(request):
    if not roles.is_desk_user(request.user):
        return forbidden(request)
    if request.method != "POST":
        return _page(request, RegistrationPage())
    page = RegistrationPage(request.POST)
    data = page.service_data()
    try:
        warnings = intake_checks.check(intake.validate(data))
        if warnings and request.POST.get("confirmed") != warnings.fingerprint():
            return _page(request, page, warnings=warnings)
        registration = intake.register_case(actor=request.user, data=data)
    except InvalidData as exc:
        page.put_errors(exc.fields)
        return _page(request, page, status=exc.http_status)
    case = registration.case
    messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
    return redirect("desk:case", case_id=case.pk)


def _page(request, page, warnings=None, status=200):
    visible = set()
    if warnings:
        visible = set(access.visible_cases(request.user).filter(pk__in=[c.pk for c in warnings.duplicates])
                      .values_list("pk", flat=True))
    return render(request, "desk/register.html", {
        "page": page, "warnings": warnings, "visible_ids": visible, "check_messages": _check_messages(),
    }, status=status)


def _check_messages():
    """The server's own messages, for the checks the page runs as one types."""
    return {
        "id_format": str(identifiers.ID_FORMAT_MESSAGE), "id_birth": str(identifiers.ID_BIRTH_DATE_MESSAGE),
        "id_check": str(identifiers.ID_CHECK_MESSAGE), "uscc_format": str(identifiers.USCC_FORMAT_MESSAGE),
        "uscc_check": str(identifiers.USCC_CHECK_MESSAGE), "phone": str(identifiers.PHONE_MESSAGE),
    }

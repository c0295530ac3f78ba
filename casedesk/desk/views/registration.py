"""Registering a dispute from the desk: the intake service, with a look for duplicates first.

A consultation that becomes a case (`?consultation=<id>`) opens the same page filled from it, and
its case is registered through the same service, linked to it (casedesk.consultations.services).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casedesk.cases import access, identifiers, identities, intake, roles
from casedesk.cases.errors import CaseError, InvalidData, NotPermitted
from casedesk.cases.forms_base import errors_as_fields
from casedesk.cases.intake_forms import IdentityLookupForm
from casedesk.consultations import access as consultation_access
from casedesk.consultations import services as consultations
from casedesk.web.json_errors import error_response

from .. import intake_checks
from ..forms import RegistrationPage
from .errors import forbidden


@login_required
def register(request):
    if not roles.is_desk_user(request.user):
        return forbidden(request)
    source = _consultation(request)
    if source is not None and source.case_id is not None:
        messages.info(request, _("This consultation has already become a case."))
        return redirect("consultations:consultation", consultation_id=source.pk)
    if request.method != "POST":
        initial = None
        if source is not None:
            initial = consultations.registration_data(source, request.user)
            consultation_access.log_contact_view(request.user, source)  # the phone is filled in unmasked
        return _page(request, RegistrationPage(initial=initial), source=source)
    page = RegistrationPage(request.POST)
    data = page.service_data()
    try:
        warnings = intake_checks.check(request.user, intake.validate(data))
        if warnings and request.POST.get("confirmed") != warnings.fingerprint():
            return _page(request, page, warnings=warnings, source=source)
        confirmed = warnings.confirmed(data)
        if source is not None:
            registration = consultations.convert_to_case(consultation=source, actor=request.user, data=confirmed,
                                                         identities_checked=warnings.identities)
        else:
            registration = intake.register_case(actor=request.user, data=confirmed,
                                                identities_checked=warnings.identities)
    except identities.TooManyLookups as exc:
        page.non_field_errors.append(str(exc.message))
        return _page(request, page, source=source, status=exc.http_status)
    except InvalidData as exc:
        page.put_errors(exc.fields)
        return _page(request, page, source=source, status=exc.http_status)
    except CaseError as exc:  # the consultation became a case a moment ago
        messages.error(request, str(exc.message))
        return redirect("consultations:consultation", consultation_id=source.pk)
    case = registration.case
    messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
    return redirect("desk:case", case_id=case.pk)


def _consultation(request):
    """The consultation this registration starts from (a hidden one answers 404), or None."""
    raw = request.POST.get("consultation") if request.method == "POST" else request.GET.get("consultation")
    if not raw:
        return None
    visible = consultation_access.visible_consultations(request.user)
    return get_object_or_404(visible, pk=raw if raw.isascii() and raw.isdigit() and len(raw) <= 18 else 0)


def _page(request, page, warnings=None, source=None, status=200):
    visible = set()
    if warnings:
        visible = set(access.visible_cases(request.user).filter(pk__in=[c.pk for c in warnings.duplicates])
                      .values_list("pk", flat=True))
    return render(request, "desk/register.html", {
        "page": page, "warnings": warnings, "visible_ids": visible, "check_messages": _check_messages(),
        "consultation": source,
    }, status=status)


def _check_messages():
    """The server's own messages, for the checks the page runs as one types."""
    return {
        "id_format": str(identifiers.ID_FORMAT_MESSAGE), "id_birth": str(identifiers.ID_BIRTH_DATE_MESSAGE),
        "id_check": str(identifiers.ID_CHECK_MESSAGE), "uscc_format": str(identifiers.USCC_FORMAT_MESSAGE),
        "uscc_check": str(identifiers.USCC_CHECK_MESSAGE), "phone": str(identifiers.PHONE_MESSAGE),
        "identity_other_name": str(identities.OTHER_NAME_MESSAGE),
        "identity_recorded_name": _("This document number is on record under the name “%(name)s”."),
        "identity_prefilled": _("Filled in from this worker's latest case you may see (%(case)s): check it with them."),
        "identity_masked": _("%(field)s on record: %(value)s. Ask the worker and type it in."),
        "identity_staff": _("This document is recorded as a member of staff's own."),
        "label_phone": _("phone"), "label_bank_account": _("bank account"),
    }


@login_required
@require_POST
def identity_lookup(request):
    """POST id_type, id_number, name (as typed on the registration page) → what this user may know of
    that document: the latest data of a case they may see, to pre-fill; whether it is on record
    under a different name. Logged and throttled like every identity look-up."""
    if not roles.is_desk_user(request.user):
        return error_response("not_permitted", NotPermitted.default_message, 403)
    form = IdentityLookupForm(request.POST)
    if not form.is_valid():
        return error_response("invalid", InvalidData.default_message, 400, errors_as_fields(form))
    try:
        found = identities.look_up(request.user, form.cleaned_data)
    except identities.TooManyLookups as exc:
        return error_response(exc.code, exc.message, exc.http_status)
    return JsonResponse(found, json_dumps_params={"ensure_ascii": False})

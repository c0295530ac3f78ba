"""The online application's public pages: /apply/ (no account) and /track/ (tracking number and
query code). Refusals answer the page again with what was typed and the reason in Chinese: 400 bad
data, 429 too many; nothing is saved. Success redirects (302)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casedesk.cases import access
from casedesk.documents import storage
from casedesk.documents.models import GeneratedDocument
from casedesk.web.lockout import client_address

from . import applying, consent, services, tracking
from .forms import ApplyForm
from .models import Application, Evidence

SUBMITTED = "portal_submitted"  # {tracking_number, query_code}: shown once on the next page
TRACKED = "portal_tracked"  # the application whose number and code were given in this session


def _page(request, template, context, status=200):
    context = {"consent_version": consent.VERSION, "org_phone": settings.CASEDESK_ORG_PHONE,
               "acceptance_days": settings.CASEDESK_ACCEPTANCE_WORKING_DAYS, **context}
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _apply_page(request, form, status=200, error="", evidence_error=""):
    return _page(request, "portal/apply.html", {
        "form": form, "page_error": error, "general_consent": consent.general_paragraphs(),
        "sensitive_consent": consent.sensitive_paragraphs(), "evidence_error": evidence_error,
        "upload_max_files": settings.CASEDESK_PORTAL_UPLOAD_MAX_FILES,
        "upload_max_mb": round(settings.CASEDESK_PORTAL_UPLOAD_MAX_BYTES / 1048576, 1),
        "files_sent": bool(request.FILES),
    }, status)


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    if request.method == "GET":
        return _apply_page(request, ApplyForm())
    outcome = applying.send(request.POST, request.FILES.getlist("evidence"), client_address(request))
    if outcome.submitted is None:
        return _apply_page(request, outcome.form, outcome.status, outcome.detail, outcome.evidence_error)
    submitted = outcome.submitted
    request.session[SUBMITTED] = {"tracking_number": submitted.application.tracking_number,
                                  "query_code": submitted.query_code}
    request.session[TRACKED] = submitted.application.pk
    return redirect("portal:applied")


@never_cache
@require_GET
def applied(request):
    """The tracking number and the query code, the code shown this once."""
    shown = request.session.pop(SUBMITTED, None)
    if shown is None:
        return redirect("portal:track")
    return _page(request, "portal/applied.html", shown)


def _tracked_application(request):
    pk = request.session.get(TRACKED)
    if not isinstance(pk, int):
        return None
    return Application.objects.filter(pk=pk).select_related("case", "case__mediator").first()


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    if request.method == "GET":
        application = _tracked_application(request)
        if application is not None:
            return _page(request, "portal/status.html", {"tracked": tracking.tracked(application)})
        return _page(request, "portal/track.html", {})
    number, code = request.POST.get("tracking_number", ""), request.POST.get("query_code", "")
    typed = {"tracking_number": number[:40]}
    try:
        application = services.find(number[:40], code[:40], client_address(request))
    except services.Throttled:
        return _page(request, "portal/track.html", {**typed, "page_error": _(
            "Too many wrong tracking numbers or query codes. Please wait a while and try again, or call the "
            "union.")}, 429)
    if application is None:
        return _page(request, "portal/track.html", {**typed, "page_error": _(
            "The tracking number and the query code do not match. Check both and try again.")}, 400)
    request.session.cycle_key()
    request.session[TRACKED] = application.pk
    return redirect("portal:track")


@require_POST
def leave(request):
    """End the tracking in this browser (a phone lent to someone else)."""
    request.session.pop(TRACKED, None)
    request.session.pop(SUBMITTED, None)
    return redirect(reverse("portal:track"))


@never_cache
@require_GET
def document(request, document_id):
    """A document addressed to the worker, of the case tracked in this session; 404 for anything else."""
    application = _tracked_application(request)
    if application is None:
        raise Http404
    return worker_document(application, document_id)


def worker_document(application, document_id):
    """The PDF of a document addressed to the worker of `application` (Http404 for any other); the
    page's download and the API's."""
    found = GeneratedDocument.objects.filter(pk=document_id, case=application.case,
                                             kind__in=tracking.WORKER_DOCUMENTS).first()
    if found is None or found not in tracking.worker_documents(application.case):
        raise Http404
    try:
        handle = storage.open_stored(found.file_path)
    except storage.StoredFileMissing:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=f"{found.kind}-v{found.version}.pdf",
                            content_type="application/pdf")
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
@login_required
def staff_evidence(request, case_id, evidence_id):
    """A file sent with an online application, for staff who may see its case (404 for anyone else);
    every download is written to the personal-data access log."""
    case = access.case_for(request.user, case_id)
    found = Evidence.objects.filter(pk=evidence_id, application__case=case).first()
    if found is None:
        raise Http404
    try:
        handle = storage.open_stored(found.file_path.name)
    except storage.StoredFileMissing:
        raise Http404 from None
    access.log_personal_data_access(request.user, case, "download_evidence", evidence=found.position)
    content_type = "application/pdf" if found.kind == "pdf" else f"image/{found.kind}"
    response = FileResponse(handle, as_attachment=True, filename=found.filename, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response

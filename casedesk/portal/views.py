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
from casedesk.cases.errors import CaseError
from casedesk.documents import storage
from casedesk.documents.models import GeneratedDocument
from casedesk.web.lockout import client_address

from . import applying, challenge, consent, messages, review, services, throttle, tracking
from .forms import ApplyForm
from .models import Application, Evidence

SUBMITTED = "portal_submitted"  # {tracking_number, query_code}: shown once on the next page
TRACKED = "portal_tracked"  # the application whose number and code were given in this session
ANSWERED = "portal_answered"  # the worker's answer was received: said once on the next page


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
    address = client_address(request)
    due = challenge.due_to_apply(address)
    if request.method == "GET":
        return _apply_page(request, ApplyForm(ask_email=messages.asks_for_email(), challenge=due))
    outcome = applying.send(request.POST, request.FILES.getlist("evidence"), address, challenge=due)
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


def _challenge(address):
    """The picture to answer on /track/ after a burst of wrong pairs from `address` (None: not needed)."""
    return challenge.ChallengeForm() if challenge.due_to_track(address) else None


def _track_page(request, address, status=200, **context):
    return _page(request, "portal/track.html", {"challenge": _challenge(address), **context}, status)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    address = client_address(request)
    if request.method == "GET":
        application = _tracked_application(request)
        if application is not None:
            return _status_page(request, application, answer_received=request.session.pop(ANSWERED, False))
        return _track_page(request, address)
    number, code = request.POST.get("tracking_number", ""), request.POST.get("query_code", "")
    typed = {"tracking_number": number[:40]}
    answered = challenge.ChallengeForm(request.POST)
    if throttle.may_track(number[:40], address) and challenge.due_to_track(address) and not answered.is_valid():
        return _track_page(request, address, 400, page_error=answered.errors["captcha"][0], **typed)
    try:
        application = services.find(number[:40], code[:40], address)
    except services.Throttled:
        return _page(request, "portal/track.html", {**typed, "page_error": _(
            "Too many wrong tracking numbers or query codes. Please wait a while and try again, or call the "
            "union.")}, 429)
    if application is None:
        return _track_page(request, address, 400, page_error=_(
            "The tracking number and the query code do not match. Check both and try again."), **typed)
    request.session.cycle_key()
    request.session[TRACKED] = application.pk
    return redirect("portal:track")


def _status_page(request, application, status=200, **context):
    return _page(request, "portal/status.html", {
        "tracked": tracking.tracked(application), "answer_max": review.ANSWER_MAX,
        "upload_max_files": settings.CASEDESK_PORTAL_UPLOAD_MAX_FILES,
        "upload_max_mb": round(settings.CASEDESK_PORTAL_UPLOAD_MAX_BYTES / 1048576, 1),
        "files_sent": application.evidence.count(), **context}, status)


@never_cache
@require_POST
def answer(request):
    """The worker answers the desk's request for more, with a text and further evidence files; refused:
    the status page again with the reason and what was typed (400, or 409 once nothing is open)."""
    application = _tracked_application(request)
    if application is None:
        return redirect("portal:track")
    text = request.POST.get("answer", "")
    try:
        review.answer(application, text=text, files=request.FILES.getlist("evidence"))
    except CaseError as exc:
        errors = {key: [str(m) for m in messages] for key, messages in exc.fields.items()}
        return _status_page(request, application, exc.http_status, typed_answer=text[:review.ANSWER_MAX * 2],
                            answer_errors=errors.get("answer", []), evidence_error=" ".join(errors.get("evidence", [])),
                            page_error=str(exc.message) if not errors else _("Please correct the errors marked below."))
    request.session[ANSWERED] = True
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
    response = FileResponse(handle, as_attachment=True, filename=found.download_name,
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

"""The online application's JSON API (README "The online application").

Public, without an account, session or CSRF token (no authentication runs at all, so a logged-in
browser's cookie changes nothing): POST /api/portal/applications/ applies exactly as /apply/ does
(casedesk.portal.applying: the same form, checks, throttle and evidence rules); GET
/api/portal/applications/{tracking_number}/?code=… answers what /track/ shows; GET
/api/portal/units/ lists the units to choose from. For staff (token or session, casedesk.cases.access
`visible_cases`): the applications awaiting review, and register (= accept) or decline one through
the one transition service.
"""

from django.conf import settings
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import ParseError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from casedesk.api.middleware import too_large
from casedesk.api.pagination import CasePagination
from casedesk.api.parsers import SafeJSONParser
from casedesk.cases import access, transitions
from casedesk.cases.choices import Status
from casedesk.cases.forms_base import errors_as_fields
from casedesk.documents.api import JSONForErrors
from casedesk.web.json_errors import error_response
from casedesk.web.lockout import client_address
from casedesk.web.schema_responses import CHANGES_A_CASE, JSON_BODY, NAMES_A_CASE, SIGNED_IN, refusals

from . import applying, progress, services, tracking, units
from . import serializers as s
from .models import Application
from .views import worker_document

PUBLIC = {"auth": []}
CODE = OpenApiParameter("code", str, required=True, description="the query code given with the tracking number")
NO_MATCH = (404,)  # an unknown tracking number and a wrong code answer alike
THROTTLED = (429,)


def _refusal(outcome):
    if outcome.status == 429:
        response = error_response("throttled", outcome.detail, 429)
        response["Retry-After"] = "3600"
        return response
    fields = errors_as_fields(outcome.form)
    if outcome.evidence_error:
        fields["evidence"] = [outcome.evidence_error]
    return error_response("invalid", _("Please correct the errors below."), 400, fields)


def _listed():
    return Application.objects.select_related("case", "case__unit").annotate(evidence_count=Count("evidence"))


def _applications_for(user):
    """The online applications whose case `user` may see (the one access rule)."""
    return _listed().filter(case__in=access.visible_cases(user))


def _pending(application):
    case = application.case
    return {"tracking_number": application.tracking_number, "case_id": case.pk, "case_number": case.number,
            "status": case.status, "unit": case.unit.name if case.unit_id else "",
            "created_at": application.created_at, "evidence_count": application.evidence_count}


class Applications(ListAPIView):
    """GET: staff, the applications awaiting review; POST: anyone, apply (no authentication at all)."""

    serializer_class = s.PendingApplication
    pagination_class = CasePagination
    parser_classes = [SafeJSONParser, MultiPartParser]

    def _applying(self):
        return getattr(getattr(self, "request", None), "method", None) == "POST"

    def get_authenticators(self):
        return [] if self._applying() else super().get_authenticators()

    def get_permissions(self):
        return [AllowAny()] if self._applying() else super().get_permissions()

    @extend_schema(responses={200: s.PendingApplication(many=True), **refusals(SIGNED_IN, (400, 404))},
                   description="Online applications awaiting review (their case submitted) that this user may see: "
                               "a supervisor's unit and the units below it, a mediator's own unit; oldest first.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _applications_for(self.request.user).filter(case__status=Status.SUBMITTED).order_by("created_at", "pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.PendingApplication([_pending(a) for a in page], many=True).data)

    @extend_schema(request={"application/json": s.ApplicationInput, "multipart/form-data": s.ApplicationUpload},
                   responses={201: s.ApplicationCreated, **refusals(JSON_BODY, THROTTLED)}, **PUBLIC,
                   description="Apply for mediation, as /apply/: the same fields and checks; consent and "
                               "sensitive_consent must be true. Refusals name the fields, in Chinese.")
    def post(self, request):
        multipart = request.content_type.startswith("multipart/")
        if not multipart and _length(request) > settings.CASEDESK_MAX_BODY_BYTES:
            return too_large(settings.CASEDESK_MAX_BODY_BYTES)  # the upload's limit is for files
        data = request.POST if multipart else request.data
        if not multipart and not isinstance(data, dict):
            raise ParseError(_("The body must be a JSON object."))
        files = request.FILES.getlist("evidence") if multipart else []
        outcome = applying.send(data, files, client_address(request))
        if outcome.submitted is None:
            return _refusal(outcome)
        return Response({"tracking_number": outcome.submitted.application.tracking_number,
                         "query_code": outcome.submitted.query_code}, status=status.HTTP_201_CREATED)


def _length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@extend_schema(responses={200: s.UnitChoice(many=True)}, **PUBLIC,
               description="The union units an application may go to; empty or one: nothing to choose.")
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def unit_choices(request):
    if not units.several():
        return Response([])
    return Response([{"id": unit.pk, "name": unit.name} for unit in units.taking_applications()])


def _tracked(request, tracking_number):
    """The application for the tracking number and ?code=, or the refusal /track/ gives."""
    try:
        application = services.find(tracking_number[:40], str(request.query_params.get("code", ""))[:40],
                                     client_address(request))
    except services.Throttled:
        response = error_response("throttled", _(
            "Too many wrong tracking numbers or query codes. Please wait a while and try again, or call the "
            "union."), 429)
        response["Retry-After"] = str(max(settings.CASEDESK_PORTAL_TRACK_WINDOW_MINUTES, 1) * 60)
        return None, response
    if application is None:
        return None, error_response("not_found", _(
            "The tracking number and the query code do not match. Check both and try again."), 404)
    return application, None


@extend_schema(parameters=[CODE], responses={200: s.TrackedSerializer, **refusals(NO_MATCH, THROTTLED)}, **PUBLIC,
               description="What /track/ shows: the state in plain words, the way the case has come, the next "
                           "step and its deadline, the mediator's name, the union's phone and the documents "
                           "for the worker. An unknown number and a wrong code answer alike (404), and count "
                           "towards the same limits as on /track/ (429).")
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def application_status(request, tracking_number):
    application, refusal = _tracked(request, tracking_number)
    if refusal is not None:
        return refusal
    shown = tracking.tracked(application)
    deadline = ({"label": str(shown.deadline_label), "due": shown.deadline_due, "estimated": shown.deadline_estimated}
                if shown.deadline_due else None)
    body = {
        "tracking_number": shown.tracking_number, "case_number": shown.case_number, "status": shown.status,
        "status_label": str(shown.status_label), "steps": progress.steps(application.case),
        "next_step": str(shown.next_step), "next_deadline": deadline, "mediator": shown.mediator,
        "phone": shown.phone,
        "documents": [{"id": d.pk, "kind": d.kind, "name": str(d.name), "number": d.number} for d in shown.documents],
    }
    response = Response(s.TrackedSerializer(body).data)
    response["Cache-Control"] = "no-store"
    return response


def _answers_pdf(view):
    view.content_negotiation_class = JSONForErrors  # the PDF, or a JSON refusal whatever Accept says
    return view


@extend_schema(parameters=[CODE], responses={
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="the document as issued"),
    **refusals(NO_MATCH, THROTTLED)}, **PUBLIC)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@_answers_pdf
def application_document(request, tracking_number, document_id):
    """A document addressed to the worker (acceptance, rejection or termination notice) of this case."""
    application, refusal = _tracked(request, tracking_number)
    if refusal is not None:
        return refusal
    return worker_document(application, document_id)


def _body(request):
    if not isinstance(request.data, dict):
        raise ParseError(_("The body must be a JSON object."))
    return request.data


def _decided(request, tracking_number, name, data):
    if not (tracking_number.isascii() and tracking_number.isdigit()):
        raise Http404  # a tracking number is digits: anything else is looked up nowhere
    application = get_object_or_404(_applications_for(request.user), tracking_number=tracking_number)
    transitions.perform(application.case, name, request.user, **data)
    return Response(s.PendingApplication(_pending(_listed().get(pk=application.pk))).data)


@extend_schema(request=None, responses={200: s.PendingApplication, **refusals(SIGNED_IN, (400,), NAMES_A_CASE,
                                                                                CHANGES_A_CASE)},
               description="Register the application at the desk: the portal registered it as a submitted case, "
                           "so registering it is accepting it (the transition accept). Mediators and supervisors "
                           "who may see it; 409 once it is no longer submitted.")
@api_view(["POST"])
def register(request, tracking_number):
    return _decided(request, tracking_number, "accept", {})


@extend_schema(request=s.DeclineInput, responses={200: s.PendingApplication, **refusals(
    SIGNED_IN, JSON_BODY, NAMES_A_CASE, CHANGES_A_CASE)},
    description="Decline the application with a reason (the transition reject; supervisors): the rejection notice "
                "carries the reason, and the worker downloads it from /track/.")
@api_view(["POST"])
def decline(request, tracking_number):
    return _decided(request, tracking_number, "reject", _body(request))


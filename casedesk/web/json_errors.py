"""One JSON error shape for the whole site: {"error": code, "detail": text, "fields": {...}}.

The API's exception handler (REST_FRAMEWORK["EXCEPTION_HANDLER"]), the 404 and 500 answers under
/api/, the CSRF refusal, the login lockout and the request size limit all answer in it."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response

from casedesk.cases.errors import CaseError, TooManyLookups

log = logging.getLogger(__name__)

DRF_CODES = {
    exceptions.ParseError: "malformed",
    exceptions.ValidationError: "invalid",
    exceptions.NotAuthenticated: "unauthenticated",
    exceptions.AuthenticationFailed: "unauthenticated",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.Throttled: "throttled",
}


def error_body(code, detail, fields=None):
    return {"error": code, "detail": str(detail), "fields": fields or {}}


def error_response(code, detail, status, fields=None):
    """A plain Django response in the error shape, for answers given outside DRF's views."""
    return JsonResponse(error_body(code, detail, fields), status=status, json_dumps_params={"ensure_ascii": False})


def _flatten(detail, prefix=""):
    """DRF's nested error details as {"a.0.b": [messages]}."""
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}{key}."))
        return out
    if isinstance(detail, list) and detail and all(isinstance(d, (dict, list)) for d in detail):
        out = {}
        for index, value in enumerate(detail):
            out.update(_flatten(value, f"{prefix}{index}."))
        return out
    items = detail if isinstance(detail, list) else [detail]
    return {prefix.rstrip(".") or "non_field_errors": [str(d) for d in items]}


# The database went away or is busy. The request's transaction was rolled back; a change that
# had already committed answers 409 when repeated, so trying again is safe.
DATABASE_LOST = (OperationalError, InterfaceError)
DATABASE_UNAVAILABLE = gettext_lazy(
    "The database cannot be reached just now, so the request could not be completed. Please try again in a moment."
)
RETRY_AFTER_SECONDS = 5


def json_exception_handler(exc, context):
    if isinstance(exc, DATABASE_LOST):
        log.error("The database could not be reached during the request", exc_info=exc)
        body = error_body("database_unavailable", DATABASE_UNAVAILABLE)
        return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE,
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    if isinstance(exc, CaseError):
        response = Response(error_body(exc.code, exc.message, exc.fields), status=exc.http_status)
        if isinstance(exc, TooManyLookups):
            response["Retry-After"] = "60"
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.APIException):
        code = next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), "error")
        if isinstance(exc, exceptions.ValidationError):
            fields = _flatten(exc.detail)
            response = Response(error_body(code, _("Please correct the errors below."), fields), status=exc.status_code)
        else:
            response = Response(error_body(code, exc.detail), status=exc.status_code)
        if getattr(exc, "wait", None):
            response["Retry-After"] = str(int(exc.wait))
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            response["WWW-Authenticate"] = auth_header
        return response
    log.exception("Unhandled error in the API", exc_info=exc)
    return Response(error_body("server_error", _("An internal error occurred.")), status=500)


def api_not_found(request, exception=None):
    return error_response("not_found", _("Not found."), 404)


def api_server_error(request):
    return error_response("server_error", _("An internal error occurred."), 500)

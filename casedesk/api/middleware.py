import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuse a request body over CASEDESK_MAX_BODY_BYTES before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.CASEDESK_MAX_BODY_BYTES:
            body = {
                "error": "too_large",
                "detail": _("The request is too large (at most %(limit)d bytes).")
                % {"limit": settings.CASEDESK_MAX_BODY_BYTES},
                "fields": {},
            }
            return HttpResponse(json.dumps(body, ensure_ascii=False), status=413, content_type="application/json")
        return self.get_response(request)

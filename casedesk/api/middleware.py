from django.conf import settings
from django.utils.translation import gettext as _

from casedesk.web.json_errors import error_response


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
            detail = _("The request is too large (at most %(limit)d bytes).") % {"limit": settings.CASEDESK_MAX_BODY_BYTES}
            return error_response("too_large", detail, 413)
        return self.get_response(request)

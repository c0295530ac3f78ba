from django.conf import settings
from django.utils.translation import gettext as _

from casedesk.web.json_errors import error_response


class RequestSizeLimitMiddleware:
    """Refuse a request body over CASEDESK_MAX_BODY_BYTES (or the path's own limit in
    CASEDESK_MAX_BODY_BYTES_FOR_PATH: the online application's uploads) before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = getattr(settings, "CASEDESK_MAX_BODY_BYTES_FOR_PATH", {}).get(request.path, settings.CASEDESK_MAX_BODY_BYTES)
        if length > limit:
            return too_large(limit)
        return self.get_response(request)


def too_large(limit):
    """The 413 refusal of a body over `limit` bytes."""
    return error_response("too_large", _("The request is too large (at most %(limit)d bytes).") % {"limit": limit},
                          413)

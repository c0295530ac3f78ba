"""A lost database connection on a desk page answers 503 with a Chinese page (the API's
exception handler answers the same in JSON). The request's transaction was rolled back, so
nothing was half-written and trying again is safe."""

from django.http import HttpResponse
from django.template.loader import render_to_string

from casedesk.web.json_errors import DATABASE_LOST, RETRY_AFTER_SECONDS


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/") or not isinstance(exception, DATABASE_LOST):
            return None
        # Rendered without the request: its context processors would ask the database again.
        response = HttpResponse(render_to_string("desk/503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

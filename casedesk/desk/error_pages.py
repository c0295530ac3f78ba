"""No dead end: a desk page that answers 400, 403, 404 or 405 with no page of its own (Django's
`require_POST`, an empty `HttpResponseForbidden`, …) answers the desk's Chinese page instead, with
the same status (and the 405's `Allow`). Pages that carry their own content, such as the case page
after a refused action, pass unchanged; so do the API's JSON answers (casedesk.web.json_errors)."""

from django.shortcuts import render

PAGES = {
    400: "desk/400.html",
    403: "desk/403.html",
    404: "desk/404.html",
    405: "desk/405.html",
}


def has_a_page(response):
    if getattr(response, "streaming", False):
        return True
    content_type = response.get("Content-Type", "")
    return not content_type.startswith("text/html") or b"<html" in response.content[:2000].lower()


class ErrorPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        template = PAGES.get(response.status_code)
        if template is None or request.path.startswith("/api/") or has_a_page(response):
            return response
        page = render(request, template, status=response.status_code)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page

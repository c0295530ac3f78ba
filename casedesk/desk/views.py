"""Web pages of the desk that are not viewflow task views."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from casedesk.api.errors import api_not_found, api_server_error
from casedesk.cases import selectors
from casedesk.cases.errors import InvalidData


@login_required
def home(request):
    """The case list this user may see, newest first, with the API's filters."""
    queryset = selectors.list_queryset(request.user)
    error = None
    try:
        queryset = selectors.filter_cases(queryset, request.GET)
    except InvalidData as exc:
        error = exc
        queryset = queryset.none()
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    return render(request, "desk/home.html", {"page": page, "filter_error": error})


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return render(request, "desk/404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return render(request, "desk/500.html", status=500)

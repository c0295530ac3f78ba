from django.shortcuts import render

from casedesk.web.json_errors import api_not_found, api_server_error


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return render(request, "desk/404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return render(request, "desk/500.html", status=500)


def forbidden(request, exception=None):
    return render(request, "desk/403.html", status=403)

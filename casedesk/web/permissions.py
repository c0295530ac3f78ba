"""Supervisors only: one rule (casedesk.cases.roles.is_supervisor) for the desk's pages and the API.

- `supervisor_required`, for a page: not signed in → the login page; signed in but not a
  supervisor → 403 (the desk's 403 page, casedesk.urls handler403);
- `SupervisorsOnly`, its DRF twin, for an endpoint: 401 without a login, else 403 in the JSON
  error shape; subclass it to say what was refused (`message`).
"""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from casedesk.cases import roles


def supervisor_required(view):
    @functools.wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not roles.is_supervisor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class SupervisorsOnly(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and roles.is_supervisor(user))

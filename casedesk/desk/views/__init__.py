"""The desk's pages, one module per concept; the error pages are named here for casedesk.urls."""

from .errors import forbidden, not_found, server_error  # noqa: F401

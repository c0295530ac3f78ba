from django.apps import AppConfig


class WebConfig(AppConfig):
    """Shared web plumbing: an app only so that its template filters ({% load desk_format %}) are found."""

    name = "casedesk.web"
    label = "casedesk_web"

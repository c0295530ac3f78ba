from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "casedesk.api"
    label = "casedesk_api"

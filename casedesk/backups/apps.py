from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "casedesk.backups"
    label = "backups"
    verbose_name = "Backups"

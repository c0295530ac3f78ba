from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "casedesk.reports"
    verbose_name = _("Reports")

    def ready(self):
        # The project's Celery app becomes the current one, so that tasks queue on its broker.
        from . import celery_app  # noqa: F401
        from .reminders import connect as connect_reminders

        connect_reminders()

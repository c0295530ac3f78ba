from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "casedesk.reports"
    verbose_name = _("Reports")

    def ready(self):
        from .reminders import connect as connect_reminders

        connect_reminders()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "casedesk.cases"
    verbose_name = _("Cases")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)

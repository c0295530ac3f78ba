from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "casedesk.portal"
    verbose_name = _("Online applications")

    def ready(self):
        from casedesk.cases import steps

        from . import notifications
        from .review import STEPS

        steps.register(*STEPS)
        notifications.connect()

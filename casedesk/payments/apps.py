from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "casedesk.payments"
    verbose_name = _("Payments")

    def ready(self):
        from casedesk.cases import steps

        from .services import STEPS

        steps.register(*STEPS)

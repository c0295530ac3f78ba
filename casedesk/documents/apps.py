from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "casedesk.documents"
    verbose_name = _("Documents")

    def ready(self):
        from casedesk.cases.signals import case_changed

        from . import checks, receivers  # noqa: F401  (registers the system checks)

        case_changed.connect(receivers.issue_automatic_document, dispatch_uid="documents.automatic")

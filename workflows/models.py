"""The process of a case: viewflow's Process row, pointing to its Case as `artifact`.

The process keeps no copy of the case's state: gates and tasks read the case itself.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from casedesk.cases.models import Case


class CaseProcess(Process):
    class Meta:
        proxy = True
        ordering = ["-created"]
        verbose_name = _("case process")
        verbose_name_plural = _("case processes")

    def current_case(self):
        """The case as it stands in the database now (never a cached copy)."""
        return Case.objects.select_related("court_referral").get(pk=self.artifact_object_id)

    @classmethod
    def for_case(cls, case_id):
        """The processes that follow the case `case_id` (one, once its flow has started)."""
        return cls.objects.filter(
            artifact_content_type=ContentType.objects.get_for_model(Case), artifact_object_id=case_id
        )

"""The process of a case: viewflow's Process row, pointing to its Case as `artifact`; and its tasks,
which point to the case as well.

The process keeps no copy of the case's state: gates and tasks read the case itself.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

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


class CaseProcessTask(Task):
    """A task of a case's process (MediationFlow.task_class). It points to the process's case, as the process
    does (`artifact`), from the moment it is made: a process follows one case all its life, so the pointer is
    never moved. The inbox finds the open tasks of the cases a user sees by the case alone (workflows
    migration 0003's index), without reading a process for each case first."""

    class Meta:
        proxy = True

    def save(self, *args, **kwargs):
        if self.artifact_object_id is None:  # a task being made: its process as viewflow handed it in
            self.artifact_content_type_id = self.process.artifact_content_type_id
            self.artifact_object_id = self.process.artifact_object_id
        super().save(*args, **kwargs)

    @classmethod
    def for_cases(cls, case_ids):
        """The tasks of the processes that follow the cases `case_ids` (ids, or a query of them)."""
        return cls.objects.filter(artifact_content_type=ContentType.objects.get_for_model(Case),
                                  artifact_object_id__in=case_ids)

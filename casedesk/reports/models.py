"""What casedesk.reports keeps: deadline reminders and background report jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casedesk.cases.models import Case


class Reminder(models.Model):
    """One deadline reminder for one person: an in-app notice, and an e-mail when mail is set up.

    The unique key makes each reminder happen once: a run records the row first and only
    then sends the e-mail, claiming it with a conditional update, so no run sends it twice.
    """

    class Email(models.TextChoices):
        NOT_SENT = "not_sent", _("No e-mail (none configured)")
        PENDING = "pending", _("E-mail waiting")
        SENDING = "sending", _("E-mail interrupted while sending")
        SENT = "sent", _("E-mail sent")
        FAILED = "failed", _("E-mail failed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    due = models.DateField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    overdue = models.BooleanField(help_text="The deadline had already passed when the reminder was recorded.")
    # Set when the reminder tells of a deadline a newly loaded holiday schedule moved (from this date to `due`).
    moved_from = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.NOT_SENT)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "due", "recipient"], name="one_reminder_per_deadline_and_person"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"]), models.Index(fields=["email"])]
        ordering = ["-created_at", "-id"]


class ReportJob(models.Model):
    """A long piece of report work (annual workbook, bulk export) with its progress and result file."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Could not be prepared")

    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.FileField(upload_to="reports/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def percent(self):
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

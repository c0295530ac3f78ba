"""An online application: the case a worker registered from /apply/, and what only the portal keeps.

Everything the worker typed about themselves, the employer and the dispute lives on the case's own
rows (registered through casedesk.cases.intake, personal data encrypted there). This row keeps the
tracking number, a hash of the query code (the code itself is shown once and never stored), and the
consent the worker gave: the version of the text, its SHA-256 as shown, and when.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casedesk.cases.crypto import EncryptedTextField
from casedesk.cases.models import Case

REQUEST_MAX = 1000  # what the desk asks the worker for
ANSWER_MAX = 2000  # what the worker answers


class Application(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="online_application")
    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    code_hash = models.CharField(max_length=128)
    consent_version = models.CharField(_("consent version"), max_length=20)
    consent_sha256 = models.CharField(max_length=64)
    consent_accepted_at = models.DateTimeField(_("consent given at"))
    # 单独同意 (个人信息保护法 Art.29): the separate consent to the sensitive personal data.
    sensitive_consent_accepted_at = models.DateTimeField(_("separate consent to sensitive data given at"))
    wants_messages = models.BooleanField(_("wants to be told when the case moves"), default=False)
    # Asked for only while messages go by e-mail (casedesk.portal.messages.EmailBackend); encrypted.
    email = EncryptedTextField(_("e-mail"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("online application")
        verbose_name_plural = _("online applications")

    def __str__(self):
        return self.tracking_number

    def evidence_sent_with_application(self):
        return [item for item in self.evidence.all() if item.information_request_id is None]

    def open_request(self):
        """The desk's request for more that the worker has not answered yet, or None."""
        return self.information_requests.filter(answered_at__isnull=True).first()


class Message(models.Model):
    """A message to the worker when the case moved: kept here whatever the backend does with it (the
    desk's outbox), with what became of it.

    It holds no more than the case number, the step, a date and the union's phone; never the worker's
    phone or e-mail, which the backend reads from the case when it sends. `key` says what it tells of
    (a step's event, an instalment): one message per key and application, however often it is asked for."""

    class Status(models.TextChoices):
        KEPT = "kept", _("Kept in the outbox (not sent)")
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="messages")
    step = models.CharField(max_length=40)
    key = models.CharField(max_length=60)
    text = models.CharField(max_length=300)
    backend = models.CharField(max_length=200)
    sent_at = models.DateTimeField()  # when it was written (and handed to the backend)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.KEPT)
    error = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)  # when the backend accepted or refused it
    # The message's parts for a gateway's template (casedesk.portal.notifications.text_of): what a later
    # hand-over sends with the text, as the first one would have.
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "key"], name="message_once_per_key")]

    @property
    def delivered(self):
        return self.status == self.Status.SENT


class InformationRequest(models.Model):
    """The desk asked the worker for more (an audited step, "ask_information"), and what the worker answered
    on /track/ (the step "information_answered"): a text and further evidence files. Both texts are kept
    encrypted: the answer is the worker's own account, and the request may name what it concerns."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="information_requests")
    request = EncryptedTextField(_("what the worker is asked for"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    answer = EncryptedTextField(_("the worker's answer"), blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]

    @property
    def answered(self):
        return self.answered_at is not None


class Evidence(models.Model):
    """A file the worker sent with the application: an image (re-encoded, its metadata dropped) or a PDF,
    stored once under MEDIA_ROOT/evidence/ (never under the static files), served only to staff who
    may see the case, each download logged."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="evidence")
    # Sent with an answer to the desk's request for more (None: sent with the application).
    information_request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="evidence")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)  # jpeg, png, pdf
    # A file field so that backups carry the file (casedesk.backups copies every FileField's file); it is
    # written once by casedesk.portal.evidence, never through the field.
    file_path = models.FileField(max_length=200, unique=True, upload_to="evidence/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "position"]
        constraints = [models.UniqueConstraint(fields=["application", "position"], name="evidence_position")]

    @property
    def filename(self):
        return f"evidence-{self.position}.{'jpg' if self.kind == 'jpeg' else self.kind}"

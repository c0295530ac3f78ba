"""Consultations (咨询): a question at the counter, on the 12351 hotline, online or at an event,
and the answer given. Name and phone only with the person's consent, encrypted at rest."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from casedesk.cases import clock
from casedesk.cases.choices import EmploymentForm
from casedesk.cases.crypto import DigestField, EncryptedTextField, with_digests
from casedesk.cases.models import Case
from casedesk.outreach.models import OutreachEvent
from casedesk.units.models import Unit

from .choices import ConsultationChannel, Topic

MAX_PEOPLE = 1000  # a group that asks together counts its people; more is a typing mistake
QUESTION_MAX = 1000
ANSWER_MAX = 2000


class Consultation(models.Model):
    channel = models.CharField(_("channel"), max_length=20, choices=ConsultationChannel.choices)
    asked_at = models.DateTimeField(_("time"))
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    employment_form = models.CharField(_("employment form"), max_length=20, choices=EmploymentForm.choices,
                                       blank=True)
    people = models.PositiveIntegerField(_("people who asked"), default=1,
                                         validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE)])
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer given"), blank=True)
    contact_consent = models.BooleanField(_("agreed to leave name and phone"), default=False)
    name = EncryptedTextField(_("name"), blank=True)
    name_digest = DigestField(source="name")
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_digest = DigestField(source="phone", kind="phone")
    event = models.ForeignKey(OutreachEvent, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="consultations", verbose_name=_("outreach event"))
    case = models.OneToOneField(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="consultation",
                                verbose_name=_("case"))
    converted_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now, editable=False)
    # The unit of the user who recorded it (casedesk.units): whose figures count it, whose supervisors see it.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("unit"))

    class Meta:
        ordering = ["-asked_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "asked_at"], name="consultation_unit_asked_idx"),
            models.Index(fields=["asked_at"]),
            models.Index(fields=["recorded_by", "asked_at"]),
            models.Index(fields=["phone_digest"], name="consultation_phone_digest_idx"),
        ]

    def __str__(self):
        return f"{self.get_topic_display()} {self.asked_at:%Y-%m-%d}"

    def save(self, *args, update_fields=None, **kwargs):
        super().save(*args, update_fields=with_digests(self, update_fields), **kwargs)

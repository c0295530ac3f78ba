"""Outreach events (普法宣讲, 法律服务进园区 …): what was held, where, by whom, for how many."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from casedesk.cases import clock
from casedesk.units.models import Unit

MAX_COUNT = 100_000  # people or leaflets at one event: more is a typing mistake
NOTE_MAX = 2000


class EventKind(models.Model):
    """A kind of event as this union names it; edited by administrators (seeded by a migration)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    active = models.BooleanField(_("offered for new events"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("kind of outreach event")
        verbose_name_plural = _("kinds of outreach event")

    def __str__(self):
        return self.name


class StaffRole(models.TextChoices):
    LAWYER = "lawyer", _("Lawyer")
    PSYCHOLOGIST = "psychologist", _("Psychological counsellor")
    DOCTOR = "doctor", _("Doctor")
    MEDIATOR = "mediator", _("Mediator")
    UNION_CADRE = "union_cadre", _("Union official")


class OutreachEvent(models.Model):
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, related_name="events", verbose_name=_("kind"))
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200)
    host = models.CharField(_("enterprise or park"), max_length=200, blank=True)
    people_served = models.PositiveIntegerField(_("people served"), validators=[MaxValueValidator(MAX_COUNT)])
    leaflets = models.PositiveIntegerField(_("leaflets handed out"), default=0,
                                           validators=[MaxValueValidator(MAX_COUNT)])
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now, editable=False)
    # The unit of the user who recorded it (casedesk.units): whose figures count it, whose supervisors see it.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="outreach_events", verbose_name=_("unit"))

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"], name="event_unit_held_idx"),
                   models.Index(fields=["held_on"]), models.Index(fields=["recorded_by", "held_on"])]

    def __str__(self):
        return f"{self.held_on} {self.kind} {self.place}"


class EventStaff(models.Model):
    """Someone who worked at an event: a desk user, or an outside lawyer, counsellor or doctor."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="outreach_work", help_text=_("The desk user, if they have an account."))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "id"]

"""The mediator roster: each mediator's profile (what the recommendation at assignment and the
printed roster read), and the log of every change made to it.

A mediator's unit is their membership's (casedesk.units), never copied here. A mediator without a
profile row is on the roster with the defaults (`MediatorProfile.default_for`) until a supervisor
edits it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from casedesk.cases import clock

DEFAULT_MAX_OPEN_CASES = 10
MAX_OPEN_CASES_LIMIT = 99


class MediatorProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="mediator_profile", verbose_name=_("mediator"))
    # Case categories (casedesk.cases.choices.Category codes).
    specialties = models.JSONField(_("specialties"), default=list, blank=True)
    languages = models.CharField(_("languages and dialects"), max_length=100, blank=True)
    takes_court_cases = models.BooleanField(_("takes court-referred cases"), default=True)
    max_open_cases = models.PositiveSmallIntegerField(
        _("maximum open cases"), default=DEFAULT_MAX_OPEN_CASES,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_OPEN_CASES_LIMIT)])
    on_leave_until = models.DateField(_("on leave until"), null=True, blank=True)
    public_title = models.CharField(_("title or profession (printed)"), max_length=50, blank=True)
    active = models.BooleanField(_("on the roster"), default=True)

    class Meta:
        verbose_name = _("mediator profile")
        verbose_name_plural = _("mediator profiles")

    def __str__(self):
        return str(self.user)

    @classmethod
    def default_for(cls, user):
        """The profile a mediator has before a supervisor edits it (not saved)."""
        return cls(user=user)

    def on_leave(self, day):
        return self.on_leave_until is not None and self.on_leave_until >= day


class RosterChange(models.Model):
    """One field of one mediator's profile changed: who, when, the value before and after.
    Append-only like the audit chain (database triggers, casedesk.cases.triggers)."""

    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("mediator"))
    field = models.CharField(_("field"), max_length=40)
    old = models.TextField(_("before"), blank=True)
    new = models.TextField(_("after"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("changed by"))
    at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("roster change")
        verbose_name_plural = _("roster changes")

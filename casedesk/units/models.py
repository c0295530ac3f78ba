"""The organisation tree: a province, city or county federation, a service station, at any depth.

Each unit's `path` is its ancestors' ids and its own (casedesk.units.paths): "this unit and every unit
below it" is one prefix filter on an indexed column, the same on SQLite and PostgreSQL
(casedesk.units.tree), and ordering by it lists the tree depth first.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import paths

PATH_MAX = 255


class Unit(models.Model):
    name = models.CharField(pgettext_lazy("organisation's", "name"), max_length=100,
                            help_text=_("Printed on the unit's documents and pages."))
    seal_text = models.CharField(_("seal text"), max_length=100, blank=True,
                                 help_text=_("The text of the unit's seal on its documents; empty: its name."))
    number_prefix = models.CharField(
        _("case-number prefix"), max_length=20, blank=True,
        help_text=_("The unit's 字号 in case and document numbers, as 某工调字 in 〔2026〕某工调字第0001号; "
                    "empty: the unit numbers its cases with the unit above it."),
    )
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("parent unit"))
    path = models.CharField(max_length=PATH_MAX, editable=False, default="")

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["number_prefix"], condition=~Q(number_prefix=""),
                                    name="unit_number_prefix_unique"),
            # One root: every unit is below it, so the root's subtree is every row (casedesk.units.tree).
            models.UniqueConstraint(Coalesce("parent", Value(0)), condition=Q(parent__isnull=True), name="unit_one_root",
                                    violation_error_message=_("There is one top unit already: give this unit "
                                                              "the unit above it.")),
        ]
        indexes = [
            # LIKE 'path%' uses it on PostgreSQL whatever the collation (the opclass is ignored elsewhere).
            models.Index(fields=["path"], name="unit_path_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.name

    @property
    def printed_seal(self):
        return self.seal_text or self.name

    def ancestor_ids(self):
        """The ids from the root down to this unit, itself included."""
        return paths.ids(self.path)

    def save(self, *args, **kwargs):
        """Keeps the paths true: this unit's, and every unit's below it when it moves."""
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = paths.child(self.parent.path if self.parent_id else "", self.pk)
        if new_path == old_path:
            return
        Unit.objects.filter(pk=self.pk).update(path=new_path)
        self.path = new_path
        if old_path:
            for below in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                Unit.objects.filter(pk=below.pk).update(path=new_path + below.path[len(old_path):])


class Membership(models.Model):
    """The unit a user works in (a user without a row works in the root unit)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="unit_membership")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="members", verbose_name=_("unit"))

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")

    def __str__(self):
        return str(self.unit)


class TransferAgreement(models.Model):
    """A unit's consent to receive transfers (转办) from another unit that is neither above nor below
    it: a neighbour county. It covers both subtrees: a case of `from_unit` or of any unit below it may
    be sent to `to_unit` or to any unit below it. One way only: the other way is a second agreement.
    Kept in the admin by a superuser (casedesk.units.transfers applies it)."""

    from_unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="transfer_agreements_given",
                                  verbose_name=_("sending unit"))
    to_unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="transfer_agreements_received",
                                verbose_name=_("receiving unit"))
    agreed_on = models.DateField(_("agreed on"))
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("The document the agreement rests on, or what it covers."))

    class Meta:
        ordering = ["from_unit__path", "to_unit__path"]
        verbose_name = _("transfer agreement")
        verbose_name_plural = _("transfer agreements")
        constraints = [
            models.UniqueConstraint(fields=["from_unit", "to_unit"], name="transfer_agreement_unique"),
            models.CheckConstraint(condition=~Q(from_unit=models.F("to_unit")), name="transfer_agreement_two_units"),
        ]

    def __str__(self):
        return f"{self.from_unit} → {self.to_unit}"

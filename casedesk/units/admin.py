"""Supervisors keep the organisation tree in the admin, and choose each user's unit there."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import tree
from .models import Membership, TransferAgreement, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "number_prefix", "seal_text", "parent"]
    search_fields = ["name", "number_prefix"]
    fields = ["name", "seal_text", "number_prefix", "parent"]

    @admin.display(description=pgettext_lazy("organisation's", "name"), ordering="path")
    def indented_name(self, unit):
        return "　" * (len(unit.ancestor_ids()) - 1) + unit.name

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original_clean = form.clean

        def clean(self):
            cleaned = original_clean(self)
            parent = cleaned.get("parent")
            if obj is not None and parent is not None and parent.path.startswith(obj.path):
                raise ValidationError({"parent": _("A unit cannot be placed under itself or a unit below it.")})
            if parent is None and not cleaned.get("number_prefix"):
                raise ValidationError({"number_prefix": _("A top unit needs its case-number prefix.")})
            return cleaned

        form.clean = clean
        return form

    def has_delete_permission(self, request, obj=None):
        # A unit that holds cases, users or units below it stays (PROTECT would refuse it anyway).
        return super().has_delete_permission(request, obj) and (
            obj is None or not (obj.children.exists() or obj.members.exists() or obj.cases.exists())
        )


@admin.register(TransferAgreement)
class TransferAgreementAdmin(admin.ModelAdmin):
    """Which unit agreed to receive transfers from which (a neighbour county): casedesk.units.transfers."""

    list_display = ["from_unit", "to_unit", "agreed_on", "note"]
    list_filter = ["to_unit"]
    fields = ["from_unit", "to_unit", "agreed_on", "note"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original_clean = form.clean

        def clean(self):
            cleaned = original_clean(self)
            sender, receiver = cleaned.get("from_unit"), cleaned.get("to_unit")
            if sender and receiver and (tree.contains(sender, receiver) or tree.contains(receiver, sender)):
                raise ValidationError({"to_unit": _(
                    "A unit above or below the sending unit receives its transfers without an agreement.")})
            return cleaned

        form.clean = clean
        return form


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    extra = 1
    max_num = 1


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserWithUnitAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]
    list_display = [*UserAdmin.list_display, "unit_membership"]
    list_filter = [*UserAdmin.list_filter, "unit_membership__unit"]

"""Putting a user in a unit (the admin does it through its form)."""

from .models import Membership


def place(user, unit):
    Membership.objects.update_or_create(user=user, defaults={"unit": unit})
    user._casedesk_unit = unit

"""The system account the online application registers cases as (casedesk.cases.roles.PORTAL_USERNAME).

It is made on first use: inactive, without a usable password and without a group, so it can never
log in and sees no case; the desk's timeline names it as the one who registered an online case.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from casedesk.cases import roles


def portal_user():
    user, _created = get_user_model().objects.get_or_create(
        username=roles.PORTAL_USERNAME,
        defaults={"is_active": False, "password": make_password(None), "first_name": _("Online application")},
    )
    if not roles.is_portal(user):
        # Someone made an account of that name by hand (with a password, or active): never register as it.
        raise RuntimeError(f"the user {roles.PORTAL_USERNAME!r} is not the portal's system account")
    return user

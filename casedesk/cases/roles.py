"""Who a user is at the desk: volunteer, mediator or supervisor (Django groups).

A Django superuser (manage.py createsuperuser) is a supervisor, with or without the group: the
desk's pages and API, the workflow's tasks and the reminders all treat them as one, as Django's
own permission checks grant a superuser everything. An inactive user holds no role.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q

from casedesk.units import tree

from .choices import Channel, Status

VOLUNTEER = "volunteer"
MEDIATOR = "mediator"
SUPERVISOR = "supervisor"
ROLES = (VOLUNTEER, MEDIATOR, SUPERVISOR)


def group_names(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_casedesk_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._casedesk_groups = cached
    return cached


def is_supervisor(user):
    return bool(getattr(user, "is_superuser", False) and user.is_active) or SUPERVISOR in group_names(user)


def supervisors():
    """The active supervisors (superusers among them), as is_supervisor decides it for one user."""
    return get_user_model().objects.filter(Q(groups__name=SUPERVISOR) | Q(is_superuser=True), is_active=True).distinct()


def is_mediator(user):
    return MEDIATOR in group_names(user)


def is_volunteer(user):
    return VOLUNTEER in group_names(user)


def role_of(user):
    """The strongest role a user holds, or None for a user with no desk role."""
    if is_supervisor(user):
        return SUPERVISOR
    if is_mediator(user):
        return MEDIATOR
    if is_volunteer(user):
        return VOLUNTEER
    return None


def is_desk_user(user):
    return role_of(user) is not None


# The online application's system account (casedesk.portal registers the cases workers send from
# /apply/ as it). It holds no group, has no usable password and is inactive: it never logs in and
# sees no case. A case it registered is nobody's "own" registration: while it awaits acceptance the
# volunteers of its unit review it (the desk's 网上申请 queue, casedesk.cases.access), and the unit's
# mediators and supervisors see it as an unassigned submitted case.
PORTAL_USERNAME = "casedesk-portal"


def is_portal(user):
    return (getattr(user, "username", None) == PORTAL_USERNAME and not getattr(user, "is_active", True)
            and not user.has_usable_password())


# An online application, and one awaiting acceptance (the desk's 网上申请 queue, where the volunteers
# of its unit review it), as a query and as a test of one case: tests/cases/test_online_review.py
# holds the two forms to each other.
ONLINE_APPLICATION = Q(channel=Channel.ONLINE, registered_by__username=PORTAL_USERNAME,
                       registered_by__is_active=False, registered_by__password__startswith=UNUSABLE_PASSWORD_PREFIX)
AWAITING_ONLINE_REVIEW = ONLINE_APPLICATION & Q(status=Status.SUBMITTED)


def is_online_application(case):
    """A case a worker sent from /apply/ (registered by the portal's system account, channel online)."""
    return case.channel == Channel.ONLINE and is_portal(case.registered_by)


def awaits_online_review(case):
    return case.status == Status.SUBMITTED and is_online_application(case)


def reviews_online_application(case, user):
    """A volunteer of the case's unit reviewing an online application that awaits acceptance: they see
    it, may ask the worker for more, and register it (accept it; issue 19 "A volunteer checks them")."""
    return role_of(user) == VOLUNTEER and awaits_online_review(case) and case.unit_id == tree.unit_of(user).pk


def may_register(user):
    """Who may register a case through the intake service: desk users, and the online application."""
    return is_desk_user(user) or is_portal(user)


def is_assigned_mediator(case, user):
    return is_mediator(user) and case.mediator_id is not None and case.mediator_id == user.pk


def is_registering_volunteer(case, user):
    """The volunteer who registered the case (DESIGN: "the case's volunteer")."""
    return role_of(user) == VOLUNTEER and case.registered_by_id == user.pk


def mediators():
    """The active users who mediate (assignment, declarations of relations)."""
    return get_user_model().objects.filter(is_active=True, groups__name=MEDIATOR).distinct()


def full_name(user):
    """How the desk names a member of staff wherever one is shown or chosen: the full name as recorded
    (陈建国), the login name only for an account that has none."""
    if user is None:
        return ""
    return user.get_full_name().strip() or user.username

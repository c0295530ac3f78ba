"""The roster as supervisors keep it: the mediators under a unit, and a profile changed with every
changed field logged (RosterChange), in one transaction."""

from django.db import transaction
from django.db.models import Count, Q

from casedesk.cases import roles
from casedesk.cases.choices import LOAD_STATES
from casedesk.units import tree

from .models import MediatorProfile, RosterChange

# The profile's fields a supervisor edits, in the order the page and the log show them.
FIELDS = ("specialties", "languages", "takes_court_cases", "max_open_cases", "on_leave_until", "public_title",
          "active")


def with_load(mediators):
    """`mediators` with their unit, their profile and `load`: the cases they are working on."""
    load = Count("mediated_cases", filter=Q(mediated_cases__status__in=LOAD_STATES), distinct=True)
    return mediators.select_related("unit_membership__unit", "mediator_profile").annotate(load=load)


def mediators_under(unit):
    """The active mediators of `unit` and of every unit below it, by name."""
    return with_load(roles.mediators().filter(tree.members_q(unit, ""))).order_by("first_name", "username")


def unit_of_mediator(mediator):
    membership = getattr(mediator, "unit_membership", None)
    return membership.unit if membership else tree.root()


def profile_of(mediator):
    """The mediator's profile: the saved one, else the defaults (not saved)."""
    try:
        return mediator.mediator_profile
    except MediatorProfile.DoesNotExist:
        return MediatorProfile.default_for(mediator)


def stored(field, value):
    """A value as the log keeps it: codes, not labels (the page shows labels)."""
    if field == "specialties":
        return ",".join(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


def update_profile(*, actor, mediator, data):
    """Write the cleaned `data` on `mediator`'s profile (made on its first change); one RosterChange
    per field whose value changed. Returns the changes."""
    with transaction.atomic():
        profile = MediatorProfile.objects.select_for_update().filter(user=mediator).first()
        profile = profile or MediatorProfile.default_for(mediator)
        changes = []
        for name in FIELDS:
            old, new = stored(name, getattr(profile, name)), stored(name, data[name])
            if old != new:
                setattr(profile, name, data[name])
                changes.append(RosterChange(mediator=mediator, field=name, old=old, new=new, changed_by=actor))
        if changes:
            profile.save()
            RosterChange.objects.bulk_create(changes)
    return changes


def changes_under(unit):
    """The log of the roster of `unit` and the units below it, newest first."""
    return RosterChange.objects.filter(tree.members_q(unit, "mediator")).select_related("mediator", "changed_by")

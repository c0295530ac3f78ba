"""Units as the rest of the desk asks about them: the root, a user's unit, a unit's subtree, the
unit whose numbering a unit uses, and what a unit prints on its documents."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from .models import Membership, Unit


def root():
    """The top unit (the first without a parent): made from CASEDESK_ORG_NAME and CASEDESK_DOC_PREFIX
    by the units migration, and again here if a database lost it (a flushed test database)."""
    unit = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    if unit is None:
        unit = Unit(name=settings.CASEDESK_ORG_NAME, number_prefix=settings.CASEDESK_DOC_PREFIX)
        unit.save()
    return unit


MEMBERSHIP = Membership._meta.get_field("user").remote_field.get_accessor_name()  # the user's side


def with_unit(user=""):
    """The relation to select_related with a user so that `unit_of` reads their unit from the same row:
    their membership and its unit. `user`: where the user is (a query of tokens: "user"); "" for users."""
    return f"{user}__{MEMBERSHIP}__unit" if user else f"{MEMBERSHIP}__unit"


def unit_of(user):
    """The unit `user` works in: their membership's, else the root unit. Kept on the user object."""
    cached = getattr(user, "_casedesk_unit", None)
    if cached is not None or getattr(user, "pk", None) is None:
        return cached or root()
    read_with_user = user._state.fields_cache
    if MEMBERSHIP in read_with_user:  # with_unit: None if they have no membership
        membership = read_with_user[MEMBERSHIP]
        cached = membership.unit if membership is not None else root()
    else:  # one query: the membership's unit, else the root
        mine = Exists(Membership.objects.filter(unit=OuterRef("pk"), user=user))
        cached = (Unit.objects.annotate(mine=mine).filter(Q(mine=True) | Q(parent__isnull=True))
                  .order_by("-mine", "pk").first()) or root()
    user._casedesk_unit = cached
    return cached


def subtree_q(unit, field="unit"):
    """The one filter for rows whose `field` is `unit` or any unit below it (a prefix of the path).

    The root's subtree is every row: there is one root (Unit's constraint "unit_one_root") and every
    row has a unit, so the whole desk's lists and figures filter nothing and join no unit."""
    if unit.parent_id is None:
        return Q()
    return Q(**{f"{field}__path__startswith": unit.path})


def subtree(unit):
    """`unit` and every unit below it."""
    return Unit.objects.filter(path__startswith=unit.path)


def subtree_units(unit):
    """`unit` and every unit below it, as a list read once and kept on this `unit` object (a request's
    figures, their breakdown and the page's unit choice share one read)."""
    cached = getattr(unit, "_casedesk_subtree", None)
    if cached is None:
        cached = unit._casedesk_subtree = list(subtree(unit))
    return cached


def members_q(unit, field="user"):
    """The one filter for rows whose user `field` works in `unit` or below it (a user without a
    membership works in the root unit); `field` "" filters users themselves."""
    prefix = f"{field}__" if field else ""
    q = Q(**{f"{prefix}unit_membership__unit__path__startswith": unit.path})
    if root().path.startswith(unit.path):
        q |= Q(**{f"{prefix}unit_membership__isnull": True})
    return q


def contains(unit, other):
    """Whether `other` is `unit` or below it."""
    return other.path.startswith(unit.path)


def numbering_unit(unit):
    """The unit whose 字号 and sequence number `unit`'s cases and documents: itself if it has a
    prefix, else the nearest unit above it that has one (a station numbers with its county)."""
    if unit.number_prefix:
        return unit
    above = {u.pk: u for u in Unit.objects.filter(pk__in=unit.ancestor_ids()).exclude(number_prefix="")}
    for pk in reversed(unit.ancestor_ids()):
        if pk in above:
            return above[pk]
    return root()


def number_prefix(unit):
    """The 字号 in the numbers of `unit`'s cases and documents."""
    return numbering_unit(unit).number_prefix or settings.CASEDESK_DOC_PREFIX


def letterhead(unit):
    """What a unit prints on its documents: its name, and its seal's text."""
    return {"org_name": unit.name, "seal_text": unit.printed_seal}

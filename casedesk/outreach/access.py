"""Who sees which outreach event: supervisors those recorded in their unit and every unit below it;
others those they recorded or worked at.

An event a user may not see answers 404, as a hidden case does (casedesk.cases.access).
"""

from django.db.models import Q

from casedesk.cases import roles
from casedesk.units import tree

from .models import OutreachEvent


def visible_events(user, queryset=None):
    queryset = OutreachEvent.objects.all() if queryset is None else queryset
    role = roles.role_of(user)
    if role == roles.SUPERVISOR:
        return queryset.filter(tree.subtree_q(tree.unit_of(user)))
    if role is None:
        return queryset.none()
    took_part = OutreachEvent.objects.filter(staff__user=user).values("pk")
    return queryset.filter(Q(recorded_by=user) | Q(pk__in=took_part))

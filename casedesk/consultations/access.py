"""Who sees which consultation, and whose name and phone they see (DESIGN.md "Roles", applied to
consultations). A consultation a user may not see answers 404, as a hidden case does.

- supervisors: the consultations recorded in their unit and every unit below it;
- volunteers and mediators: the consultations they recorded, and the one a case they may see
  came from (it is part of that case's story).
The phone left with a consultation reads unmasked for supervisors and for whoever took it down
(a hotline volunteer calls back); for anyone else it is masked, and lists always mask it. Every
unmasked view is logged, whoever opens it.
"""

from django.db.models import Q

from casedesk.cases import roles
from casedesk.cases.access import log_personal_data_access, masked_phone, visible_cases
from casedesk.units import tree

from .models import Consultation


def visible_consultations(user, queryset=None):
    queryset = Consultation.objects.all() if queryset is None else queryset
    role = roles.role_of(user)
    if role == roles.SUPERVISOR:
        return queryset.filter(tree.subtree_q(tree.unit_of(user)))
    if role is None:
        return queryset.none()
    return queryset.filter(Q(recorded_by=user) | Q(case__in=visible_cases(user).values("pk")))


def sees_contact(user, consultation):
    return roles.is_supervisor(user) or (roles.is_desk_user(user) and consultation.recorded_by_id == user.pk)


def contact_phone(user, consultation, *, in_list=False):
    """The phone as this user may read it here: lists always mask it."""
    return masked_phone(consultation.phone, sees_contact(user, consultation) and not in_list)


def log_contact_view(user, consultation):
    """An unmasked view of a consultation's phone, in the personal-data access log."""
    if consultation.phone and sees_contact(user, consultation):
        log_personal_data_access(user, consultation.case, "view_consultation", consultation=consultation.pk)

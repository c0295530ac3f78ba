"""Who may see which case, and whose personal data they see unmasked (DESIGN.md "Roles")."""

from django.db.models import Q

from . import roles
from .choices import Status
from .identifiers import mask_id_number, mask_phone
from .models import Case, PersonalDataAccess

UNASSIGNED_STATES = (Status.SUBMITTED, Status.ACCEPTED)


def visible_cases(user, queryset=None):
    """The cases `user` may see; a case outside this set answers 404 everywhere."""
    queryset = Case.objects.all() if queryset is None else queryset
    role = roles.role_of(user)
    if role == roles.SUPERVISOR:
        return queryset
    if role == roles.MEDIATOR:
        return queryset.filter(Q(status__in=UNASSIGNED_STATES, mediator__isnull=True) | Q(mediator=user))
    if role == roles.VOLUNTEER:
        return queryset.filter(registered_by=user)
    return queryset.none()


def can_see(user, case):
    return visible_cases(user, Case.objects.filter(pk=case.pk)).exists()


def sees_unmasked(user, case):
    """Supervisors see all personal data; a mediator sees it on the cases assigned to them."""
    return roles.is_supervisor(user) or roles.is_assigned_mediator(case, user)


def masked_id_number(value, unmasked):
    return value if unmasked else mask_id_number(value)


def masked_phone(value, unmasked):
    return value if unmasked else mask_phone(value)


def masked_bank_account(value, unmasked):
    """6222021234567890123 -> ***************0123 for those who may not see it."""
    if unmasked or not value:
        return value or ""
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


def log_personal_data_access(user, case, action, **detail):
    PersonalDataAccess.objects.create(user=user, case=case, action=action, detail=detail)

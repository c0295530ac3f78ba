"""Who may see which case, and whose personal data they see unmasked (DESIGN.md "Roles").

A view fetches a case for a user in one of two ways: `case_for` (the case, or 404) to act on
it, and `open_case_for` to show its personal data: unmasked for who may see it, and then that
view is logged in the personal-data access log.
"""

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from casedesk.units import tree

from . import clock, roles
from .choices import UNASSIGNED_STATES
from .errors import InvalidData
from .identifiers import mask_id_number, mask_phone
from .models import Case, PersonalDataAccess
from .row_ids import parse_id


def visible_cases(user, queryset=None):
    """The cases `user` may see; a case outside this set answers 404 everywhere.

    The one place cases are scoped by unit (casedesk.units): a supervisor sees the cases of their
    unit and of every unit below it; a mediator the unassigned cases of their own unit and the
    cases assigned to them; a volunteer the cases they registered, while these stay in their unit,
    and the online applications of their unit while these await acceptance (the desk's 网上申请 queue:
    a volunteer checks them and registers them; once accepted they are the mediators' work).
    """
    queryset = Case.objects.all() if queryset is None else queryset
    branches = visibility(user)
    return queryset.filter(reduce(or_, branches)) if branches else queryset.none()


def visibility(user):
    """What `user` sees (visible_cases) as the conditions whose OR it is: one for a supervisor, two for
    a mediator and for a volunteer, none for anyone else. A list in an order no index of the OR serves
    reads each branch on its own (casedesk.cases.selectors.first_rows)."""
    role = roles.role_of(user)
    if role is None:
        return []
    unit = tree.unit_of(user)
    if role == roles.SUPERVISOR:
        return [tree.subtree_q(unit)]
    if role == roles.MEDIATOR:
        return [Q(unit=unit, status__in=UNASSIGNED_STATES, mediator__isnull=True), Q(mediator=user)]
    return [Q(registered_by=user, unit=unit), roles.AWAITING_ONLINE_REVIEW & Q(unit=unit)]


def figures_unit(user, raw=""):
    """The unit whose figures `user` asks for by its id `raw` (empty: their own unit): their own unit
    or one below it, whose cases they see (the figures are supervisors'); any other id, or one that is
    not a unit, raises InvalidData naming the `unit` field, the same for both so that nothing leaks."""
    own = tree.unit_of(user)
    raw = str(raw or "").strip()
    if not raw:
        return own
    pk = parse_id(raw)
    unit = tree.subtree(own).filter(pk=pk).first() if pk is not None else None
    if unit is None:
        raise InvalidData(fields={"unit": [str(_("There is no such unit among yours: choose your own unit or "
                                                 "one below it."))]})
    return unit


def case_for(user, case_id, queryset=None):
    """The case `case_id` if `user` may see it; else Http404, so that its existence does not leak."""
    return get_object_or_404(visible_cases(user, queryset), pk=case_id)


@dataclass(frozen=True)
class OpenedCase:
    case: Case
    unmasked: bool  # the user sees its personal data unmasked (and the view was logged)


def open_case_for(user, case_id, *, queryset=None, action="view_case", **detail):
    """The case as `user` opens it (Http404 if they may not see it): its personal data unmasked for
    who may see it, and then the view logged as `action` (with `detail`); masked for anyone else."""
    case = case_for(user, case_id, queryset)
    unmasked = sees_unmasked(user, case)
    if unmasked:
        log_personal_data_access(user, case, action, **detail)
    return OpenedCase(case, unmasked)


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


# Views (not exports, downloads or look-ups) repeated within the window are counted on one row.
REPEATABLE_ACTIONS = ("view_case", "view_consultation")


def log_personal_data_access(user, case, action, **detail):
    """One row per access; the same view of the same case by the same user within
    CASEDESK_ACCESS_LOG_REPEAT_MINUTES of the last one raises that row's count instead (a page shown
    again after each refused form is one row "×8", each view still counted, the last one's time kept)."""
    now = clock.now()
    minutes = settings.CASEDESK_ACCESS_LOG_REPEAT_MINUTES
    if action in REPEATABLE_ACTIONS and minutes > 0:
        since = now - datetime.timedelta(minutes=minutes)
        recent = (
            PersonalDataAccess.objects.filter(user=user, case=case, action=action)
            .annotate(latest=Coalesce("last_at", "at")).filter(latest__gte=since).order_by("-latest", "-id")
            .values_list("pk", "detail").first()
        )
        if recent and recent[1] == detail:
            counted = PersonalDataAccess.objects.filter(pk=recent[0]).update(views=F("views") + 1, last_at=now)
            if counted:
                return
    PersonalDataAccess.objects.create(user=user, case=case, action=action, detail=detail, at=now)

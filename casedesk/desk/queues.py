"""The lists on a home page: new cases, deadlines coming or passed, recent changes, a mediator's load."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from casedesk.cases import clock, deadlines, roles, selectors
from casedesk.cases.choices import LOAD_STATES, OPEN_STATES, Status
from casedesk.cases.pending import pending_due

HOME_ROWS = 8


def new_cases(user):
    return selectors.list_queryset(user).filter(status=Status.SUBMITTED).order_by("submitted_at", "id")


def deadline_cases(user, today=None):
    """Cases whose acceptance or mediation deadline, or the payment of an instalment of their agreement, is
    past or due soon (the one rule), soonest first."""
    today = today or clock.today()
    near = deadlines.due_soon_or_overdue_q(today)
    return selectors.list_queryset(user).filter(near).annotate(due=pending_due()).order_by("due", "id")


def overdue_cases(user):
    return deadline_cases(user).filter(overdue=True)


def recent_cases(user):
    return selectors.list_queryset(user).order_by("-updated_at", "-id")


def my_cases(user):
    return selectors.list_queryset(user).filter(mediator=user, status__in=OPEN_STATES).order_by("mediation_due", "id")


def registered_by(user):
    return selectors.list_queryset(user).filter(registered_by=user, status__in=OPEN_STATES)


def unassigned_cases(user):
    return selectors.list_queryset(user).filter(status=Status.ACCEPTED, mediator__isnull=True).order_by(
        "mediation_due", "id"
    )


def mediator_load():
    """Every active mediator with the number of cases they are working on, lightest first."""
    users = get_user_model().objects.filter(is_active=True, groups__name=roles.MEDIATOR).distinct()
    load = Count("mediated_cases", filter=Q(mediated_cases__status__in=LOAD_STATES), distinct=True)
    overdue = Count("mediated_cases", filter=deadlines.overdue_q(clock.today(), prefix="mediated_cases__"), distinct=True)
    return users.annotate(load=load, overdue=overdue).order_by("load", "first_name", "username")

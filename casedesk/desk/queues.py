"""The lists on a home page: new cases, deadlines coming or passed, recent changes, a mediator's load."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from casedesk.cases import clock, deadlines, roles, selectors
from casedesk.cases.choices import LOAD_STATES, OPEN_STATES, Status
from casedesk.cases.pending import pending_due

HOME_ROWS = 8


def new_cases(user, rows):
    """The `rows` submitted cases the user sees that came in first."""
    return selectors.first_rows(user, rows, ("submitted_at", "id"), where=Q(status=Status.SUBMITTED))


def deadline_cases(user, today=None):
    """Cases whose acceptance or mediation deadline, or the payment of an instalment of their agreement, is
    past or due soon (the one rule), soonest first."""
    today = today or clock.today()
    near = deadlines.due_soon_or_overdue_q(today)
    return selectors.list_queryset(user).filter(near).annotate(due=pending_due()).order_by("due", "id")


def soonest_deadlines(user, rows, today=None):
    """The first `rows` of deadline_cases, read a branch of what the user sees at a time (first_rows)."""
    near = deadlines.due_soon_or_overdue_q(today or clock.today())
    return selectors.first_rows(user, rows, ("due", "id"), where=near,
                                prepare=lambda cases: selectors.listed(cases).annotate(due=pending_due()))


def overdue_cases(user):
    return deadline_cases(user).filter(overdue=True)


def recent_cases(user, rows):
    """The `rows` cases the user sees that changed last, newest first."""
    return selectors.first_rows(user, rows, ("-updated_at", "-id"))


def my_cases(user):
    return selectors.list_queryset(user).filter(mediator=user, status__in=OPEN_STATES).order_by("mediation_due", "id")


def latest_registrations(user, rows):
    """The `rows` open cases `user` registered that came in last (registered_by, as first_rows reads it)."""
    return selectors.first_rows(user, rows, ("-submitted_at", "-id"),
                                where=Q(registered_by=user, status__in=OPEN_STATES))


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

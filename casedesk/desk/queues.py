"""The lists on a home page: new cases, deadlines coming or passed, recent changes, a mediator's load."""

from operator import attrgetter

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from casedesk.cases import access, clock, deadlines, roles, selectors
from casedesk.cases.choices import LOAD_STATES, OPEN_STATES, Status
from casedesk.cases.models import Case
from casedesk.cases.pending import pending_due

HOME_ROWS = 8


def new_cases(user, rows):
    """The `rows` submitted cases the user sees that came in first."""
    return first_rows(user, rows, ("submitted_at", "id"), where=Q(status=Status.SUBMITTED))


def deadline_cases(user, today=None):
    """Cases whose acceptance or mediation deadline, or the payment of an instalment of their agreement, is
    past or due soon (the one rule), soonest first."""
    today = today or clock.today()
    near = deadlines.due_soon_or_overdue_q(today)
    return selectors.list_queryset(user).filter(near).annotate(due=pending_due()).order_by("due", "id")


def overdue_cases(user):
    return deadline_cases(user).filter(overdue=True)


def recent_cases(user, rows):
    """The `rows` cases the user sees that changed last, newest first."""
    return first_rows(user, rows, ("-updated_at", "-id"))


def first_rows(user, rows, order, where=None):
    """The first `rows` cases in `order` (fields all ascending or all descending) that the user sees and
    that match `where`, as a list.

    Each branch of what the user sees (access.visibility) gives its own first `rows`, from an index in
    that order, and the first of those are kept. Over the OR of the branches at once PostgreSQL cannot
    read any index in order: it walks the whole `updated_at` index, filtering out every case the user
    does not see (100k rows at a million cases), or sorts every case of the unit's queue. SQLite allows
    no LIMIT inside a UNION, so the branches are read one query each.
    """
    descending = {field.startswith("-") for field in order}
    assert len(descending) == 1, "one direction for every field of the order"
    fields = [field.lstrip("-") for field in order]
    found = {}
    for branch in access.visibility(user):
        cases = selectors.listed(Case.objects.filter(branch))
        for case in (cases.filter(where) if where is not None else cases).order_by(*order)[:rows]:
            found[case.pk] = case
    return sorted(found.values(), key=attrgetter(*fields), reverse=descending.pop())[:rows]


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

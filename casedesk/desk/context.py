from casedesk.cases import calendar, clock, roles
from casedesk.units import tree


def organisation(request):
    """The unit named on every page: the user's own (the root unit before login)."""
    user = getattr(request, "user", None)
    role = roles.role_of(user) if user else None
    unit = tree.unit_of(user) if getattr(user, "is_authenticated", False) else tree.root()
    return {"org_name": unit.name, "desk_role": role,
            "calendar_missing_year": calendar_missing_year(role)}


def calendar_missing_year(role):
    """Next year, in December, for a supervisor while its holiday schedule is not loaded (else None):
    the State Council publishes it around then, and deadlines running into it are only estimated."""
    if role != roles.SUPERVISOR:
        return None
    today = clock.today()
    if today.month != 12 or calendar.covers(today.year + 1):
        return None
    return today.year + 1

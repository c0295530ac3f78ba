from django.conf import settings

from casedesk.cases import calendar, clock, roles


def organisation(request):
    user = getattr(request, "user", None)
    role = roles.role_of(user) if user else None
    return {"org_name": settings.CASEDESK_ORG_NAME, "desk_role": role,
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

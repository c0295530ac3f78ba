from django.conf import settings

from casedesk.cases import roles


def organisation(request):
    user = getattr(request, "user", None)
    return {"org_name": settings.CASEDESK_ORG_NAME, "desk_role": roles.role_of(user) if user else None}

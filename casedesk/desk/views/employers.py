"""Employer look-up while registering: the record on file is reused rather than typed again."""

from django.db.models import Q
from django.http import JsonResponse

from casedesk.cases import access, roles
from casedesk.cases.identifiers import normalize_identifier
from casedesk.cases.models import CaseEmployer, Employer

MAX_RESULTS = 8
MIN_LENGTH = 2
MAX_LENGTH = 100


def employer_lookup(request):
    """GET ?q=name or credit code → {"results": [employer, …]}; desk users only."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "not_authenticated"}, status=401)
    if not roles.is_desk_user(request.user):
        return JsonResponse({"error": "not_permitted"}, status=403)
    text = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_LENGTH]
    if len(text) < MIN_LENGTH:
        return JsonResponse({"results": []})
    code = normalize_identifier(text)
    matches = Employer.objects.filter(Q(name__icontains=text) | Q(uscc__startswith=code)).order_by("name", "id")
    return JsonResponse({"results": [_as_registered(request.user, e) for e in matches[:MAX_RESULTS]]})


def _as_registered(user, employer):
    """The employer's identity, with what the latest case this user may see registered of it. Not the
    contact phone: intake keeps nothing of an employer across cases, and the phone is personal data."""
    found = {"id": employer.pk, "name": employer.name, "uscc": employer.uscc}
    latest = (CaseEmployer.objects.filter(case__employer=employer, case__in=access.visible_cases(user))
              .order_by("-case__submitted_at", "-case_id").first())
    if latest is not None:
        found.update({key: getattr(latest, key) for key in ("name", *SHOWN)})
    return found


SHOWN = ("address", "legal_representative", "legal_representative_title", "contact_name")

"""Employer look-up while registering: the record on file is reused rather than typed again."""

from django.db.models import Q
from django.http import JsonResponse

from casedesk.cases import roles
from casedesk.cases.identifiers import normalize_identifier
from casedesk.cases.models import Employer

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
    # Not the contact phone: it is personal data of cases this user may not see, and intake keeps
    # the recorded one when the form leaves it empty.
    fields = ("id", "name", "uscc", "address", "contact_name")
    return JsonResponse({"results": list(matches.values(*fields)[:MAX_RESULTS])})

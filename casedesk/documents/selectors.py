"""Reading documents: by case for the people who may see the case, by code for anyone."""

from django.http import Http404

from casedesk.cases.access import visible_cases

from .codes import candidates
from .models import GeneratedDocument


def documents_of(case):
    return (
        GeneratedDocument.objects.filter(case=case).select_related("created_by", "case__court_referral")
        .order_by("created_at", "id")
    )


def visible_document(user, document_id):
    """The document if `user` may see its case; 404 otherwise, so that existence does not leak."""
    document = (
        GeneratedDocument.objects.filter(pk=document_id, case__in=visible_cases(user))
        .select_related("case").first()
    )
    if document is None:
        raise Http404
    return document


def by_verification_code(code):
    """The document a verification code names, with the latest version of the same document; else 404."""
    codes = candidates(code)
    document = GeneratedDocument.objects.filter(verification_code__in=codes).select_related("case__court_referral").first() if codes else None
    if document is None:
        raise Http404
    latest = (
        GeneratedDocument.objects.filter(case_id=document.case_id, kind=document.kind)
        .order_by("-version").values_list("version", flat=True).first()
    )
    return document, latest

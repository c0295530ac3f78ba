"""What anyone holding a document may learn from its code: which document it is, never whose."""

from django.utils import timezone

from .selectors import by_verification_code


def facts(code):
    """kind, number, version, issue date and sha256 of the document `code` names; Http404 for any other code."""
    document, latest_version = by_verification_code(code)
    return {
        "kind": document.kind,
        "kind_display": str(document.name),
        "number": document.number,
        "version": document.version,
        "latest_version": latest_version,
        "issued_at": document.created_at,
        "issued_on": timezone.localdate(document.created_at),
        "sha256": document.sha256,
    }

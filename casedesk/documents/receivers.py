"""Documents that transitions produce by themselves, once their transaction has committed.

accept → acceptance notice; close on a court case → feedback letter to the court;
archive → case file. The transition is already committed: a document that fails to
render is logged and can be issued again with POST /api/cases/{id}/documents/.
"""

import logging

from django.contrib.auth import get_user_model

from casedesk.cases.models import Case

from .kinds import Kind
from .rendering import render_document

log = logging.getLogger(__name__)


def automatic_kind(case, name):
    if name == "accept":
        return Kind.ACCEPTANCE_NOTICE
    if name == "close" and case.is_court_case:
        return Kind.COURT_FEEDBACK
    if name == "archive":
        return Kind.CASE_FILE
    return None


def issue_automatic_document(sender, *, case_id, name, actor_id, **kwargs):
    if name not in ("accept", "close", "archive"):
        return
    case = Case.objects.filter(pk=case_id).first()
    kind = automatic_kind(case, name) if case else None
    if kind is None:
        return
    try:
        render_document(case, kind, get_user_model().objects.get(pk=actor_id))
    except Exception:
        # No personal data in the log: the case id and the kind say enough to retry.
        log.exception("The %s of case %s was not issued after %s; issue it again from the case", kind, case_id, name)

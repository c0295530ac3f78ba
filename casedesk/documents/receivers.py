"""Documents that transitions produce by themselves, once their transaction has committed.

accept → acceptance notice; close on a court case → feedback letter to the court;
archive → case file; non-performance of the agreement recorded (casedesk.payments) → the guide to
arbitration on the agreement, and the worker's application for a payment order when the case claims
what Art.16 names. The transition is already committed: a document that fails to
render is logged, shows on the case page as missing, and can be issued again there or
with POST /api/cases/{id}/documents/.

A failure is not recorded in a row of its own: what is missing follows from the audit chain
(a step that owes a document, with no "document" event of that kind after it). That also
finds the documents of a process that died between the commit and the render, which no
failure record would, and a failed render changes nothing about the case to record.
"""

import logging

from django.contrib.auth import get_user_model

from casedesk.cases.choices import PAYMENT_ORDER_CLAIMS
from casedesk.cases.errors import NotPermitted
from casedesk.cases.models import Case, CaseEvent

from .kinds import Kind
from .rendering import check_may_issue, render_document

log = logging.getLogger(__name__)

TRIGGERS = ("accept", "close", "archive", "record_non_performance")


def automatic_kinds(case, name):
    """The documents step `name` issues by itself on `case`."""
    if name == "accept":
        return [Kind.ACCEPTANCE_NOTICE]
    if name == "close" and case.is_court_case:
        return [Kind.COURT_FEEDBACK]
    if name == "archive":
        return [Kind.CASE_FILE]
    if name == "record_non_performance":
        payment_order = any(c.kind in PAYMENT_ORDER_CLAIMS for c in case.claims.all())
        return [Kind.ARBITRATION_GUIDE] + ([Kind.PAYMENT_ORDER_APPLICATION] if payment_order else [])
    return []


def missing_documents(case):
    """The kinds of automatic document that a committed step of `case` owes and that were never issued."""
    owed = {}
    steps = CaseEvent.objects.filter(case_id=case.pk, action__in=(*TRIGGERS, "document")).order_by("seq")
    for action, data in steps.values_list("action", "data"):
        if action == "document":
            owed.pop(data.get("kind"), None)
        else:
            owed.update((kind.value, True) for kind in automatic_kinds(case, action))
    return [Kind(kind) for kind in owed]


def may_issue(case, kind, user):
    try:
        check_may_issue(case, kind, user)
    except NotPermitted:
        return False
    return True


def issue_automatic_document(sender, *, case_id, name, actor_id, **kwargs):
    if name not in TRIGGERS:
        return
    case = Case.objects.filter(pk=case_id).first()
    for kind in automatic_kinds(case, name) if case else []:
        try:
            render_document(case, kind, get_user_model().objects.get(pk=actor_id))
        except Exception:
            # No personal data in the log: the case id and the kind say enough to retry.
            log.exception("The %s of case %s was not issued after %s; issue it again from the case", kind, case_id,
                          name)

"""Documents that transitions produce by themselves, once their transaction has committed.

Declared once, in AUTOMATIC: accept → acceptance notice; reject → rejection notice;
record_failure → termination notice; close → the feedback letter to the court (a court case
only), the letter on the result to the body that referred the case (a referred case only) and the
closing report; archive → case file; non-performance of the agreement recorded
(casedesk.payments) → the guide to arbitration on the agreement, and the worker's application for
a payment order when the case claims what the payment-order article names. The step is already
committed: a document that fails to render is logged, shows on the case page as missing, and can be
issued again there or with POST /api/cases/{id}/documents/.

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

# The documents each step always produces, in the order they are issued: {step: ((kind, condition), ...)},
# the condition (case) -> bool, or None for always.
AUTOMATIC = {
    "accept": ((Kind.ACCEPTANCE_NOTICE, None),),
    "reject": ((Kind.REJECTION_NOTICE, None),),
    "record_failure": ((Kind.TERMINATION, None),),
    "close": ((Kind.COURT_FEEDBACK, lambda case: case.is_court_case),
              (Kind.REFERRAL_RESULT, lambda case: case.is_referred), (Kind.CLOSING_REPORT, None)),
    "archive": ((Kind.CASE_FILE, None),),
    "record_non_performance": (
        (Kind.ARBITRATION_GUIDE, None),
        (Kind.PAYMENT_ORDER_APPLICATION, lambda case: any(c.kind in PAYMENT_ORDER_CLAIMS for c in case.claims.all())),
    ),
}
TRIGGERS = tuple(AUTOMATIC)


def automatic_kinds(case, name):
    """The kinds of document step `name` produces on `case`, in the order they are issued."""
    return [kind for kind, condition in AUTOMATIC.get(name, ()) if condition is None or condition(case)]


def missing_documents(case):
    """The kinds of automatic document that a committed step of `case` owes and that were never issued."""
    owed = {}
    wanted = (*TRIGGERS, "document")
    events = getattr(case, "_prefetched_objects_cache", {}).get("events")  # the case page has read them all
    if events is not None:
        rows = [(e.action, e.data) for e in sorted(events, key=lambda e: e.seq) if e.action in wanted]
    else:
        rows = CaseEvent.objects.filter(case_id=case.pk, action__in=wanted).order_by("seq").values_list("action", "data")
    for action, data in rows:
        if action == "document":
            owed.pop(data.get("kind"), None)
        else:
            for kind in automatic_kinds(case, action):
                owed[kind.value] = True
    return [Kind(kind) for kind in owed]


def may_issue(case, kind, user):
    try:
        check_may_issue(case, kind, user)
    except NotPermitted:
        return False
    return True


def issue_owed(case, name, actor):
    """Issue the documents step `name` produces that `case` still owes (none issued since the step), each on
    its own: one that fails is logged and stays owed (shown as missing on the case page). Returns those issued."""
    owed = set(missing_documents(case))
    issued = []
    for kind in automatic_kinds(case, name):
        if kind not in owed:
            continue  # issued already, by whoever caught up first
        try:
            issued.append(render_document(case, kind, actor, by_step=True))
        except Exception:
            # No personal data in the log: the case id and the kind say enough to retry.
            log.exception("The %s of case %s was not issued after %s; issue it again from the case", kind, case.pk,
                          name)
    return issued


def issue_automatic_document(sender, *, case_id, name, actor_id, **kwargs):
    if name not in TRIGGERS:
        return
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return
    issue_owed(case, name, get_user_model().objects.get(pk=actor_id))

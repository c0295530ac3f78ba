"""What /track/ shows the worker: the state and the next step in plain words (casedesk.cases.labels),
the deadline of that step (casedesk.cases.deadlines), the mediator's name, the union's phone, the
documents addressed to the worker, the reason the union gave for not accepting the application, and what
the desk asked the worker for (casedesk.portal.review). Nothing else of the case: no names, numbers or
facts."""

from dataclasses import dataclass, field

from django.conf import settings

from casedesk.cases import deadlines, labels
from casedesk.cases.choices import FINISHED_STATES, DocumentKind, Outcome, Status
from casedesk.cases.models import CaseEvent
from casedesk.documents.models import GeneratedDocument

from .review import ANSWERABLE

# The documents addressed to the worker, downloadable from /track/.
WORKER_DOCUMENTS = (DocumentKind.ACCEPTANCE_NOTICE, DocumentKind.REJECTION_NOTICE, DocumentKind.TERMINATION)

# The deadline of the next step, by state: what the worker waits for, or must do by.
NEXT_DEADLINE = {
    Status.SUBMITTED: deadlines.ACCEPTANCE,
    Status.ACCEPTED: deadlines.MEDIATION,
    Status.MEDIATING: deadlines.MEDIATION,
    Status.AGREED: deadlines.PERFORMANCE,
    Status.CONFIRMED: deadlines.PERFORMANCE,
    Status.FAILED: deadlines.LIMITATION,
    Status.REJECTED: deadlines.LIMITATION,
}


@dataclass
class Tracked:
    tracking_number: str
    case_number: str
    status: str
    status_label: str
    next_step: str
    deadline_label: str = ""
    deadline_due: object = None
    deadline_estimated: bool = False
    mediator: str = ""
    phone: str = ""
    documents: list = field(default_factory=list)
    rejection_reason: str = ""
    open_request: object = None  # the desk's request for more, while the worker may answer it
    answered: list = field(default_factory=list)  # the requests answered, oldest first


def tracked(application):
    case = application.case
    shown = Tracked(
        tracking_number=application.tracking_number, case_number=case.number, status=case.status,
        status_label=labels.worker_state_label(case.status), next_step=labels.WORKER_NEXT_STEPS.get(case.status, ""),
        phone=settings.CASEDESK_ORG_PHONE,
    )
    kind = NEXT_DEADLINE.get(case.status)
    if kind:
        found = next((d for d in deadlines.case_deadlines(case)
                      if d.kind == kind and d.due and (kind == deadlines.LIMITATION or not d.met)), None)
        if found:
            shown.deadline_label, shown.deadline_due, shown.deadline_estimated = (
                labels.DEADLINES[kind], found.due, found.estimated)
    if case.mediator_id and case.status not in (Status.SUBMITTED, Status.ACCEPTED, Status.REJECTED):
        shown.mediator = case.mediator.get_full_name() or ""
    shown.documents = worker_documents(case)
    if case.status == Status.REJECTED or (case.status in FINISHED_STATES and case.outcome == Outcome.REJECTED):
        shown.rejection_reason = rejection_reason(case)  # declined, and closed since: still the reason
    requests = list(application.information_requests.all())
    shown.answered = [r for r in requests if r.answered]
    pending = [r for r in requests if not r.answered]
    if pending and case.status in ANSWERABLE:
        shown.open_request = pending[-1]
    return shown


def rejection_reason(case):
    """The reason the desk gave when it declined the application (the rejection notice prints it too)."""
    event = CaseEvent.objects.filter(case=case, action="reject").order_by("-seq").first()
    return str((event.data or {}).get("reason", "")) if event else ""


def worker_documents(case):
    """The latest version of each document addressed to the worker."""
    latest = {}
    for document in GeneratedDocument.objects.filter(case=case, kind__in=WORKER_DOCUMENTS).order_by("kind", "version"):
        latest[document.kind] = document
    return [latest[kind] for kind in WORKER_DOCUMENTS if kind in latest]

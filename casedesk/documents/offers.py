"""Which documents the desk offers for a case as it stands, and issuing one from the desk.

One rule, read by the case page's 文书 panel: a kind is offered when its case has what the kind
says (the same check the document service makes before it renders, casedesk.documents.contents:
anything else is refused with 409), or when the case could be given it by a step the kind asks
for first (INPUT_STEPS), or when a version of it was issued already. The case file belongs to the
archive: it is offered once the case is archived (archiving issues it; a document issued after that
makes a new version of it, casedesk.documents.rendering).

`issue(case, kind, actor, step_data)` is the desk's way in to THE document service
(rendering.render_document, as POST /api/cases/{id}/documents/): for a kind that asks for input,
the step that records it and the document are one transaction, so a refused document leaves no
step behind and a refused step issues no document.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casedesk.cases import labels, steps
from casedesk.cases.choices import Status
from casedesk.cases.errors import CaseError, TransitionNotAllowed

from . import selectors
from .contents import BUILDERS, user_name
from .kinds import WITH_PERSONAL_DATA, Kind
from .receivers import may_issue
from .rendering import check_may_issue, known_kind, render_document

# Kinds that ask for input before they are issued: the audited step whose form asks for it.
# The mediation notice announces a session: it is scheduled (time, place) and the notice issued at once.
INPUT_STEPS = {Kind.MEDIATION_NOTICE: "session_scheduled"}

# Kinds offered only in these states (beyond what their contents need).
ONLY_IN = {Kind.CASE_FILE: (Status.ARCHIVED,)}
NOT_ARCHIVED = _("The case file is made when the case is archived.")


def makes_sense(case, kind):
    """Whether `case` has what a document of `kind` says, now (the document service's own check)."""
    if kind in ONLY_IN and case.status not in ONLY_IN[kind]:
        return False
    try:
        BUILDERS[kind](case)
    except CaseError:
        return False
    return True


@dataclass
class Offer:
    kind: Kind
    name: str
    versions: list = field(default_factory=list)  # [{"document", "who", "url"}], newest first; url None: not for this user
    issuable: bool = False  # this user may issue it now, as the case stands
    input_step: str = ""  # the step asked for first, when this user may take it now
    personal_data: bool = False
    masked: bool = False  # carries full personal data that this user does not see
    form: object = None  # the page's form of the input step (set by the case page)

    @property
    def issued(self):
        return bool(self.versions)


def offers(case, user, unmasked):
    """The case page's 文书 panel: [Offer] for each kind offered on `case`, in the kinds' order."""
    issued = {}
    for document in selectors.documents_of(case):
        issued.setdefault(document.kind, []).append(document)
    result = []
    for kind in Kind:
        personal = kind in WITH_PERSONAL_DATA
        allowed = unmasked or not personal
        step = INPUT_STEPS.get(kind, "")
        input_step = step if step and allowed and steps.may_take(case, step, user) else ""
        sense = makes_sense(case, kind)
        if not (sense or input_step or kind in issued):
            continue
        versions = [
            {"document": d, "who": user_name(d.created_by),
             "url": reverse("api-document-pdf", args=[d.pk]) if allowed else None}
            for d in reversed(issued.get(kind, []))
        ]
        result.append(Offer(
            kind=kind, name=str(labels.document_name(kind, case)), versions=versions,
            issuable=sense and may_issue(case, kind, user), input_step=input_step,
            personal_data=personal, masked=not allowed,
        ))
    return result


def issue(case, kind, actor, step_data=None):
    """Issue `kind` for `case` as `actor`: with `step_data`, first take the kind's input step with it,
    in the same transaction. Refusals are the services' own (400, 403, 409), with nothing changed."""
    kind = known_kind(kind)
    if kind in ONLY_IN and case.status not in ONLY_IN[kind]:
        raise TransitionNotAllowed(NOT_ARCHIVED)
    if step_data is None or kind not in INPUT_STEPS:
        return render_document(case, kind, actor)
    with transaction.atomic():
        check_may_issue(case, kind, actor)  # before the step: an issuer who may not issue schedules nothing
        steps.record(case, INPUT_STEPS[kind], actor, **step_data)
        return render_document(case, kind, actor)

"""Reviewing online applications at the desk: the 网上申请 queue, asking the worker for more, and the
worker's answer from /track/.

Asking is an audited step ("ask_information", through casedesk.cases.steps: it changes no state); the
answer is another ("information_answered"), written by this module for the portal's system account, since
the worker has no account. Registering (accepting) and declining (rejecting) an application are the case's
own transitions (casedesk.cases.transitions), taken from the case page.
"""

from django import forms
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy, pgettext_lazy

from casedesk.cases import access, clock, roles, steps
from casedesk.cases.choices import Status
from casedesk.cases.errors import InvalidData, TransitionNotAllowed
from casedesk.cases.forms_base import errors_as_fields, text_field
from casedesk.cases.models import Case
from casedesk.cases.step_forms import StepForm

from . import evidence
from .identity import portal_user
from .models import ANSWER_MAX, REQUEST_MAX, Application, InformationRequest

ANSWERABLE = (Status.SUBMITTED,)  # once the desk has decided, the request is moot
ASK_REFUSAL = gettext_lazy("Only an online application awaiting acceptance can ask the worker for more.")
OPEN_REQUEST = gettext_lazy("The worker has not answered the last request yet: wait for the answer, or call.")
ANSWER_CLOSED = gettext_lazy("The union has already decided on this application: call the union instead.")
NOTHING_TO_ANSWER = gettext_lazy("The union has asked nothing that is still open: there is nothing to answer.")


def queue(user):
    """The online applications awaiting acceptance that `user` may see (casedesk.cases.access: the
    supervisor's unit subtree, the mediator's and the volunteer's unit), oldest first, each with its
    evidence count and whether more information was asked (`asked`) and answered (`unanswered`)."""
    requests = InformationRequest.objects.filter(application__case=OuterRef("pk"))
    return (
        access.visible_cases(user).filter(roles.AWAITING_ONLINE_REVIEW, online_application__isnull=False)
        .select_related("online_application")
        .annotate(evidence_count=Count("online_application__evidence", distinct=True),
                  asked=Exists(requests), unanswered=Exists(requests.filter(answered_at__isnull=True)))
        .order_by("submitted_at", "id")
    )


def _may_ask(case, user):
    """The volunteers reviewing it, and the unit's mediators and supervisors (who see it unassigned)."""
    return roles.reviews_online_application(case, user) or roles.is_mediator(user) or roles.is_supervisor(user)


class InformationRequestForm(StepForm):
    """What the desk asks the worker for; shown on /track/."""

    request = text_field(REQUEST_MAX, label=gettext_lazy("what the worker is asked for"))

    def clean(self):
        data = super().clean()
        application = Application.objects.filter(case=self.case).first()
        if application is not None and application.open_request() is not None:
            raise forms.ValidationError(OPEN_REQUEST)
        return data

    def apply(self, case, actor):
        request = InformationRequest.objects.create(
            application=case.online_application, request=self.cleaned_data["request"], asked_by=actor,
            asked_at=clock.now())
        return {"information_request": request.pk}  # the text stays on its (encrypted) row


STEPS = (
    steps.Step("ask_information", event=pgettext_lazy("audit event", "Asked the worker for more"),
               button=gettext_lazy("Ask the worker for more"), form=InformationRequestForm, may=_may_ask,
               states=(Status.SUBMITTED,), only_if=roles.is_online_application, refusal=ASK_REFUSAL),
    steps.Step("information_answered", event=pgettext_lazy("audit event", "The worker answered online")),
)


class AnswerForm(forms.Form):
    answer = text_field(ANSWER_MAX, label=gettext_lazy("Your answer"))


def answer(application, *, text, files):
    """The worker's answer to the open request of `application`: the text and the evidence `files`
    (uploads, checked as with the application; together with those sent before at most
    CASEDESK_PORTAL_UPLOAD_MAX_FILES). Raises InvalidData ({"answer": …} or {"evidence": …}) or
    TransitionNotAllowed (nothing open to answer): nothing saved then."""
    form = AnswerForm({"answer": text})
    fields = {} if form.is_valid() else errors_as_fields(form)
    try:
        checked = evidence.check_all(files, already=application.evidence.count())
    except evidence.Refused as exc:
        checked, fields = [], {**fields, "evidence": [str(exc)]}
    if fields:
        raise InvalidData(fields=fields)
    written = []
    try:
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=application.case_id)
            request = application.information_requests.select_for_update().filter(answered_at__isnull=True).first()
            if request is None or case.status not in ANSWERABLE:
                raise TransitionNotAllowed(ANSWER_CLOSED if request is not None else NOTHING_TO_ANSWER)
            request.answer, request.answered_at = form.cleaned_data["answer"], clock.now()
            request.save(update_fields=["answer", "answered_at"])
            written = evidence.store(application, checked, information_request=request)
            steps.append(case, "information_answered", portal_user(),
                         {"information_request": request.pk, "files_added": len(checked)})
    except BaseException:
        evidence.remove(written)
        raise
    return request


def asked_and_answered(application):
    """The requests of an application with their answers and files, oldest first (the case page)."""
    return list(application.information_requests.select_related("asked_by").prefetch_related("evidence"))


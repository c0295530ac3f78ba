"""THE step service: audited changes of a case that do not move its state (DESIGN.md "Audited steps").

A session recorded, a checklist step of mediation done, a document issued, a missed deadline
flagged: each is declared once here (its form, who may take it, when it applies, its labels)
and leaves one event in the case's hash chain, written in the same transaction as its rows.
States change only in casedesk.cases.transitions.

- `record(case, name, actor, **data)`: a person's step: lock the case, refuse a step that does
  not apply now (409), a user who may not take it (403) or bad data (400), changing nothing;
  else write, append the event, and announce the change (casedesk.cases.signals: the flow follows
  in the same transaction, documents and messages after the commit).
- `append(locked_case, name, actor, data)`: for a service that holds the case's lock already and
  writes its own rows (the document service, the deadline timers).
- `register(*steps)`: a package above this one declares its own steps (casedesk.payments, from its
  AppConfig.ready); a name is declared once, here or there.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casedesk.units import tree

from . import audit, roles, step_forms
from .choices import Status
from .errors import InvalidData, NotPermitted, TransitionNotAllowed, UnknownTransition
from .forms_base import errors_as_fields
from .models import Case
from .signals import announce


@dataclass(frozen=True)
class Step:
    name: str
    event: str  # the label of its event in the timeline
    button: str = ""  # the label of its button, for steps a person takes
    form: type | None = None  # None: written by a service, never taken from a form
    may: Callable | None = None  # (case, user) -> bool
    states: tuple = ()  # the states it may be taken in (empty: any); else 409
    only_if: Callable | None = None  # (case) -> bool, a further condition; else 409
    refusal: str = ""  # why it does not apply, when that needs saying (else the general 409 message)

    @property
    def by_person(self):
        return self.form is not None

    def applies(self, case):
        return (not self.states or case.status in self.states) and (self.only_if is None or self.only_if(case))


def _mediator_or_supervisor_on_case(case, user):
    return roles.is_assigned_mediator(case, user) or roles.is_supervisor(user)


def _supervisor(case, user):
    return roles.is_supervisor(user)


def _supervisor_over_case(case, user):
    """A supervisor of the case's unit or of a unit above it."""
    return roles.is_supervisor(user) and tree.contains(tree.unit_of(user), case.unit)


def _court_case(case):
    return case.is_court_case


def _referred_case(case):
    """A case another body referred to the union ("工会+N"): its letter on the result goes back to it."""
    return case.is_referred


def _may_correct(case, user):
    """The registering volunteer before acceptance, the assigned mediator, a supervisor."""
    registering = case.status == Status.SUBMITTED and roles.is_registering_volunteer(case, user)
    return registering or _mediator_or_supervisor_on_case(case, user)


NOT_ARCHIVED = tuple(state for state in Status if state != Status.ARCHIVED)
ARCHIVED_REFUSAL = _("An archived case is a closed file: its parties' data can no longer be corrected.")


MEDIATING = (Status.MEDIATING,)

STEPS = {step.name: step for step in (
    # Written by services: intake, the document service, the deadline timers.
    Step("create", event=pgettext_lazy("audit event", "Registered")),
    Step("document", event=pgettext_lazy("audit event", "Document issued")),
    Step("overdue", event=pgettext_lazy("audit event", "Deadline missed")),
    # casedesk.cases.calendar_schedule: a year's holiday schedule loaded or replaced moved an open deadline.
    Step("deadline_moved", event=pgettext_lazy("audit event", "Deadline adjusted to the published holiday schedule")),
    # Taken by people, on the case page or from their task.
    Step("record_session", event=pgettext_lazy("audit event", "Session recorded"), button=_("Record a session"),
         form=step_forms.SessionRecordForm, may=_mediator_or_supervisor_on_case, states=MEDIATING),
    Step("evidence_gathered", event=pgettext_lazy("audit event", "Evidence gathered"), button=_("Evidence gathered"),
         form=step_forms.EvidenceForm, may=_mediator_or_supervisor_on_case, states=MEDIATING),
    Step("session_scheduled", event=pgettext_lazy("audit event", "Session scheduled"), button=_("Session scheduled"),
         form=step_forms.SessionScheduleForm, may=_mediator_or_supervisor_on_case, states=MEDIATING),
    Step("employer_notified", event=pgettext_lazy("audit event", "Employer notified"), button=_("Employer notified"),
         form=step_forms.EmployerNoticeForm, may=_mediator_or_supervisor_on_case, states=MEDIATING),
    Step("court_feedback_sent", event=pgettext_lazy("audit event", "Feedback sent"), button=_("Feedback sent"),
         form=step_forms.CourtFeedbackForm, may=_supervisor, states=(Status.CLOSED,), only_if=_court_case),
    # The letter on the result (办理结果告知函) is issued when a referred case closes; someone sends it.
    Step("referral_result_sent", event=pgettext_lazy("audit event", "Letter on the result sent"),
         button=_("Letter on the result sent"), form=step_forms.ReferralResultSentForm, may=_supervisor,
         states=(Status.CLOSED,), only_if=_referred_case),
    Step("overdue_reviewed", event=pgettext_lazy("audit event", "Overdue case reviewed"), button=_("Reviewed"),
         form=step_forms.OverdueReviewForm, may=_supervisor),
    Step("limitation_suspended", event=pgettext_lazy("audit event", "Limitation period suspended"),
         button=_("Record a suspension of the limitation"), form=step_forms.LimitationSuspensionForm,
         may=_mediator_or_supervisor_on_case),
    Step("transfer", event=pgettext_lazy("audit event", "Transferred to another unit"),
         button=_("Transfer to another unit"), form=step_forms.TransferForm, may=_supervisor_over_case,
         states=(Status.SUBMITTED, Status.ACCEPTED)),
    Step("correct_party", event=pgettext_lazy("audit event", "Party data corrected"),
         button=_("Correct a party's data"), form=step_forms.CorrectionForm, may=_may_correct, states=NOT_ARCHIVED,
         refusal=ARCHIVED_REFUSAL),
)}


def register(*declared):
    """Declare steps of a package above the domain (its forms live there); a name is declared once."""
    for item in declared:
        if STEPS.get(item.name, item) != item:
            raise ValueError(f"The step {item.name!r} is declared twice.")
        STEPS[item.name] = item


def step(name) -> Step:
    try:
        return STEPS[name]
    except KeyError:
        raise UnknownTransition() from None


def may_take(case, name, user):
    """Whether `user` may take step `name` on `case` as it stands (no data checked)."""
    declared = step(name)
    return declared.by_person and declared.applies(case) and declared.may(case, user)


def sessions_still_held(case):
    """Whether a session scheduled for later will still be held: only while the case stands where sessions
    are scheduled (in mediation). Once it has settled, failed or been withdrawn, one still to come is off
    the case page and the calendar (its event stays in the case's history)."""
    return case.status in step("session_scheduled").states


def record(case, name, actor, /, **data):
    """Take step `name` on `case` for `actor`; returns the event appended."""
    declared = step(name)
    if not declared.by_person:
        raise UnknownTransition()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not declared.applies(locked):
            raise TransitionNotAllowed(declared.refusal or None)
        if not declared.may(locked, actor):
            raise NotPermitted()
        form = declared.form(data, case=locked, actor=actor)
        if not form.is_valid():
            raise InvalidData(fields=errors_as_fields(form))
        event = append(locked, name, actor, form.apply(locked, actor))
        announce(locked, name, event.pk, actor.pk)
    return event


def append(locked_case, name, actor, data):
    """Append the event of step `name` to a case whose row the caller holds locked."""
    step(name)
    event = audit.append_event(
        locked_case, action=name, actor=actor, from_state=locked_case.status, to_state=locked_case.status,
        data=audit.plain(data), locked_head=True,
    )
    locked_case.save(update_fields=["audit_seq", "audit_head", "updated_at"])  # the chain head with the change
    return event

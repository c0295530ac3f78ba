"""THE service: the one place where a case's state changes (DESIGN.md "The one rule").

perform() locks the case row, re-reads its state, refuses with a distinct error for a wrong
state (409), a user who may not act (403) or bad data (400) while changing nothing, runs the
django-fsm transition, applies the data, appends one audit event, saves the case (its new
state and chain head in one write) and schedules the side effects for after the commit.
"""

from django.db import transaction
from django_fsm import can_proceed, has_transition_perm

from . import audit, clock, deadlines
from .errors import InvalidData, NotPermitted, TransitionNotAllowed, UnknownTransition
from .forms_base import errors_as_fields
from .models import TRANSITION_NAMES, Agreement, Case, Instalment
from .signals import announce_after_commit
from .transition_forms import FORMS, plain


def available_transitions(case, user):
    """The transitions `user` may take on `case` as it stands (no data checked)."""
    return [name for name in TRANSITION_NAMES if has_transition_perm(getattr(case, name), user)]


def perform(case, name, actor, /, **data):
    """Carry out transition `name` on `case` for `actor`; returns the updated case."""
    if name not in TRANSITION_NAMES:
        raise UnknownTransition()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        method = getattr(locked, name)
        if not can_proceed(method):
            raise TransitionNotAllowed()
        if not has_transition_perm(method, actor):
            raise NotPermitted()
        form = FORMS[name](data, case=locked)
        if not form.is_valid():
            raise InvalidData(fields=errors_as_fields(form))
        from_state = locked.status
        method()
        details = APPLY[name](locked, actor, form.cleaned_data)
        event = audit.append_event(
            locked, action=name, actor=actor, from_state=from_state, to_state=locked.status,
            data=plain({**form.cleaned_data, **details}), locked_head=True,
        )
        locked.save()  # the new state, the data and the chain head in one write
        announce_after_commit(locked.pk, name, event.pk, actor.pk)
    return locked


# What each transition does with its data, beyond moving the state. Each returns extra
# facts worth keeping in the audit event.

def _nothing(case, actor, data):
    return {}


def _accept(case, actor, data):
    case.accepted_on = clock.today()
    if not case.is_court_case:
        case.mediation_due = deadlines.mediation_due_after_acceptance(case.accepted_on)
    return {"mediation_due": case.mediation_due}


def _assign(case, actor, data):
    previous = case.mediator_id
    case.mediator = data["mediator"]
    return {"mediator_name": case.mediator.get_full_name() or case.mediator.username, "previous_mediator": previous}


def _extend(case, actor, data):
    previous = case.mediation_due
    case.mediation_due = data["until"]
    return {"previous_due": previous}


def _reach_agreement(case, actor, data):
    agreement = Agreement.objects.create(
        case=case, terms=data["terms"], amount=data["amount"], signed_on=data["signed_on"],
        performance_due=data["performance_due"],
    )
    Instalment.objects.bulk_create(
        Instalment(agreement=agreement, due_on=i["due_on"], amount=i["amount"]) for i in data["instalments"]
    )
    return {"agreement": agreement.pk, "confirmation_due": deadlines.confirmation_due(agreement.signed_on)}


def _latest_agreement(case):
    return case.agreements.select_for_update().first()


def _apply_confirmation(case, actor, data):
    agreement = _latest_agreement(case)
    agreement.confirmation_court = data["court"]
    agreement.confirmation_applied_on = data["applied_on"]
    agreement.save(update_fields=["confirmation_court", "confirmation_applied_on"])
    return {"agreement": agreement.pk}


def _court_confirm(case, actor, data):
    agreement = _latest_agreement(case)
    agreement.ruling_number = data["ruling_number"]
    agreement.ruled_on = data["ruled_on"]
    agreement.save(update_fields=["ruling_number", "ruled_on"])
    return {"agreement": agreement.pk}


def _court_reject(case, actor, data):
    agreement = _latest_agreement(case)
    agreement.court_rejection_reason = data["reason"]
    agreement.save(update_fields=["court_rejection_reason"])
    return {"agreement": agreement.pk}


def _close(case, actor, data):
    case.outcome = data["outcome"]
    case.recovered_amount = data["recovered_amount"]
    case.closed_at = clock.now()
    return {}


def _reopen(case, actor, data):
    """Back to accepted: a supervisor assigns it afresh, with a new mediation period."""
    previous = {"outcome": case.outcome, "recovered_amount": case.recovered_amount, "mediator": case.mediator_id}
    case.outcome, case.recovered_amount, case.closed_at, case.mediator = "", None, None, None
    case.accepted_on = clock.today()
    case.mediation_due = deadlines.mediation_due_after_acceptance(case.accepted_on)
    return {"previous": previous, "mediation_due": case.mediation_due}


APPLY = {
    "accept": _accept,
    "reject": _nothing,
    "assign": _assign,
    "reassign": _assign,
    "extend": _extend,
    "reach_agreement": _reach_agreement,
    "record_failure": _nothing,
    "withdraw": _nothing,
    "apply_confirmation": _apply_confirmation,
    "court_confirm": _court_confirm,
    "court_reject": _court_reject,
    "close": _close,
    "archive": _nothing,
    "reopen": _reopen,
}

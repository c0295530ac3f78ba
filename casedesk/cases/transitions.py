"""THE service: the one place where a case's state changes (DESIGN.md "The one rule").

perform() locks the case row, re-reads its state, refuses with a distinct error for a wrong
state (409), a user who may not act (403) or bad data (400) while changing nothing, runs the
django-fsm transition, applies the data, appends one audit event, saves the case (its new
state and chain head in one write) and announces the change (casedesk.cases.signals): the case's
flow follows in the same transaction, the side effects (documents, messages) after the commit.

Each transition is declared once, on casedesk.cases.models.Case (`@transition(custom=declare(...))`):
its states, who may take it, its form, its labels. Everything else reads `declarations()`.
"""

import functools
from dataclasses import dataclass

from django.db import transaction
from django.shortcuts import get_object_or_404
from django_fsm import can_proceed, has_transition_perm

from . import access, audit, transition_forms
from .errors import InvalidData, NotPermitted, TransitionNotAllowed, UnknownTransition
from .forms_base import errors_as_fields
from .models import Case
from .signals import announce


@dataclass(frozen=True)
class Declaration:
    name: str
    sources: tuple[str, ...]
    target: str
    form: type
    button: str
    event: str
    caution: bool

    @property
    def moves(self):
        """False for a transition that keeps the state (reassign, extend)."""
        return any(source != self.target for source in self.sources)


@functools.cache
def declarations() -> dict[str, Declaration]:
    """Every transition of the case's state machine, in the order they are declared."""
    field = Case._meta.get_field("status")
    order = [name for name, attribute in vars(Case).items() if hasattr(attribute, "_django_fsm")]
    found = {}
    for transition in sorted(field.get_all_transitions(Case), key=lambda t: order.index(t.name)):
        known = found.get(transition.name)
        sources = (known["sources"] if known else ()) + (transition.source,)
        found[transition.name] = {"sources": sources, "target": transition.target, "custom": transition.custom}
    return {
        name: Declaration(
            name=name, sources=tuple(str(s) for s in facts["sources"]), target=str(facts["target"]),
            form=getattr(transition_forms, facts["custom"]["form"]), button=facts["custom"]["button"],
            event=facts["custom"]["event"], caution=facts["custom"]["caution"],
        )
        for name, facts in found.items()
    }


def names():
    return tuple(declarations())


def declaration(name) -> Declaration:
    try:
        return declarations()[name]
    except KeyError:
        raise UnknownTransition() from None


def form_class(name):
    return declaration(name).form


def available_transitions(case, user):
    """The transitions `user` may take on `case` as it stands (no data checked), in declared order."""
    available = {t.name for t in case.get_available_user_status_transitions(user)}
    return [name for name in declarations() if name in available]


def row_values(case):
    return {field.attname: getattr(case, field.attname) for field in Case._meta.concrete_fields}


def changed_since(case, before):
    """The columns of `case` that differ from `before` (row_values), and its `updated_at`: what its
    one write sets (a transition changes a few of the row's forty columns)."""
    return [name for name, value in before.items() if getattr(case, name) != value and name != "updated_at"] + [
        "updated_at"]


def perform(case, name, actor, /, **data):
    """Carry out transition `name` on `case` for `actor`; returns the updated case."""
    return _perform(Case.objects.filter(pk=case.pk), name, actor, data)


def perform_on(case_id, name, actor, /, **data):
    """perform() on the case `case_id` if `actor` may see it, else Http404 (as access.case_for): the
    case is read once, by the lock (the API's transitions)."""
    return _perform(access.visible_cases(actor).filter(pk=case_id), name, actor, data)


def _perform(found, name, actor, data):
    with transaction.atomic():
        # of=self: a visibility filter may join the case's unit, whose row is not to be locked.
        locked = get_object_or_404(found.select_for_update(of=("self",)))
        declared = declaration(name)  # after the case: one the actor may not see is not found, whatever the name
        method = getattr(locked, name)
        if not can_proceed(method):
            raise TransitionNotAllowed()
        if not has_transition_perm(method, actor):
            raise NotPermitted()
        form = declared.form(data, case=locked)
        if not form.is_valid():
            raise InvalidData(fields=errors_as_fields(form))
        from_state, before = locked.status, row_values(locked)
        method()
        details = form.apply(locked, actor)
        event = audit.append_event(
            locked, action=name, actor=actor, from_state=from_state, to_state=locked.status,
            data=audit.plain({**form.cleaned_data, **details}), locked_head=True,
        )
        locked.save(update_fields=changed_since(locked, before))  # the state, the data and the chain head at once
        announce(locked, name, event.pk, actor.pk)
    return locked

"""Recording payments against the agreement and reversing them: two audited steps of the one step
service (casedesk.cases.steps, which locks the case and appends the event in the same transaction as
the payment's row), declared here and registered when the app is ready."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casedesk.cases import deadlines, roles, steps

from .forms import PaymentForm, ReversalForm, latest_agreement

RECORD, REVERSE = "record_payment", "reverse_payment"
NOT_FOLLOWED = _(
    "Payments are recorded against the case's agreement while its performance is followed up: the case has no "
    "agreement, or it is archived, or its mediation did not end in the agreement."
)


def _mediator_or_supervisor_on_case(case, user):
    return roles.is_assigned_mediator(case, user) or roles.is_supervisor(user)


def _followed(case):
    return deadlines.performance_followed(case) and latest_agreement(case) is not None


STEPS = (
    steps.Step(RECORD, event=pgettext_lazy("audit event", "Payment recorded"), button=_("Record a payment"),
               form=PaymentForm, may=_mediator_or_supervisor_on_case, only_if=_followed, refusal=NOT_FOLLOWED),
    steps.Step(REVERSE, event=pgettext_lazy("audit event", "Payment reversed"), button=_("Reverse a payment"),
               form=ReversalForm, may=_mediator_or_supervisor_on_case, only_if=_followed, refusal=NOT_FOLLOWED),
)


def record_payment(case, actor, **data):
    """Record a payment against the case's agreement; returns the event appended."""
    return steps.record(case, RECORD, actor, **data)


def reverse_payment(case, actor, **data):
    """Reverse a payment recorded by mistake with a counter-entry (`payment`, `reason`); returns the event."""
    return steps.record(case, REVERSE, actor, **data)

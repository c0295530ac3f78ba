"""The agreement's life after signing, as audited steps of the one step service (casedesk.cases.steps,
which locks the case and appends the event in the same transaction as the rows written), declared here
and registered when the app is ready: a payment recorded, a payment reversed, the employer contacted
about a missed instalment, non-performance recorded, a return visit."""

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casedesk.cases import clock, deadlines, performance, roles, steps

from .forms import FollowUpForm, NonPerformanceForm, PaymentForm, ReturnVisitForm, ReversalForm, latest_agreement

RECORD, REVERSE = "record_payment", "reverse_payment"
FOLLOW_UP, NON_PERFORMANCE = "performance_followed_up", "record_non_performance"
RETURN_VISIT = "return_visit"
NOT_FOLLOWED = _(
    "Payments are recorded against the case's agreement while its performance is followed up: the case has no "
    "agreement, or it is archived, or its mediation did not end in the agreement."
)


def _mediator_or_supervisor_on_case(case, user):
    return roles.is_assigned_mediator(case, user) or roles.is_supervisor(user)


NOTHING_MISSED = _("No instalment of the agreement has been missed (or its non-performance is recorded already).")
GRACE_NOT_OVER = lazy(lambda: str(_(
    "Non-performance is recorded once an instalment has been missed for more than %(days)d days (and not yet "
    "recorded): until then, contact the employer and record the result."
)) % {"days": settings.CASEDESK_PERFORMANCE_GRACE_DAYS}, str)()


def _followed(case):
    return deadlines.performance_followed(case) and latest_agreement(case) is not None


def _missed(case):
    return (deadlines.payments_awaited(case) and case.unpaid_due is not None
            and deadlines.is_missed(case.unpaid_due, fully_paid=False, today=clock.today()))


def _grace_over(case):
    return deadlines.grace_over(case, clock.today())


NOT_ENDED = _("A return visit follows the agreement's performance, or its non-performance once recorded.")


def _performance_ended(case):
    """Performed (paid in full) or its non-performance recorded: time for a return visit."""
    return performance.ended(case)


STEPS = (
    steps.Step(RECORD, event=pgettext_lazy("audit event", "Payment recorded"), button=_("Record a payment"),
               form=PaymentForm, may=_mediator_or_supervisor_on_case, only_if=_followed, refusal=NOT_FOLLOWED),
    steps.Step(REVERSE, event=pgettext_lazy("audit event", "Payment reversed"), button=_("Reverse a payment"),
               form=ReversalForm, may=_mediator_or_supervisor_on_case, only_if=_followed, refusal=NOT_FOLLOWED),
    steps.Step(FOLLOW_UP, event=pgettext_lazy("audit event", "Employer contacted about a missed payment"),
               button=_("Record the contact with the employer"), form=FollowUpForm,
               may=_mediator_or_supervisor_on_case, only_if=_missed, refusal=NOTHING_MISSED),
    steps.Step(NON_PERFORMANCE, event=pgettext_lazy("audit event", "Non-performance recorded"),
               button=_("Record non-performance"), form=NonPerformanceForm, may=_mediator_or_supervisor_on_case,
               only_if=_grace_over, refusal=GRACE_NOT_OVER),
    steps.Step(RETURN_VISIT, event=pgettext_lazy("audit event", "Return visit"), button=_("Record a return visit"),
               form=ReturnVisitForm, may=_mediator_or_supervisor_on_case, only_if=_performance_ended,
               refusal=NOT_ENDED),
)


def record_payment(case, actor, **data):
    """Record a payment against the case's agreement; returns the event appended."""
    return steps.record(case, RECORD, actor, **data)


def reverse_payment(case, actor, **data):
    """Reverse a payment recorded by mistake with a counter-entry (`payment`, `reason`); returns the event."""
    return steps.record(case, REVERSE, actor, **data)


def record_return_visit(case, actor, **data):
    """Record a return visit to the worker; returns the event appended."""
    return steps.record(case, RETURN_VISIT, actor, **data)

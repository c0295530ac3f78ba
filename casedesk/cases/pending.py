"""The date a case waits on next, as one SQL expression: what home's deadline list and the deadline page
sort by, and what the indexes "case_pending_due_idx" and "case_queue_due_idx" hold, so that the database
reads those lists in their order instead of sorting every case with a deadline; and the shape of the rules
on those dates (`pending_q`: overdue, due soon), the condition of the index "case_waiting_idx". The indexes
and the lists build them here, once: the database uses an index only for the very same expression, and a
partial index only for a query whose condition implies the index's."""

from django.db import models
from django.db.models import Q

from .choices import Outcome, Status

# A court case carries the court's mediation deadline from the day it is registered.
MEDIATION_PENDING = (Status.SUBMITTED, Status.ACCEPTED, Status.MEDIATING)
PERFORMANCE_PENDING = (Status.AGREED, Status.CONFIRMING, Status.CONFIRMED)


def pending_due():
    """The acceptance deadline of a submitted case, the mediation deadline of one in mediation, else the
    next instalment of its agreement (casedesk.cases.deadlines.pending_deadline, as SQL)."""
    return models.Case(
        models.When(status=Status.SUBMITTED, then=models.F("acceptance_due")),
        models.When(status__in=MEDIATION_PENDING, then=models.F("mediation_due")),
        default=models.F("unpaid_due"),
    )


def pending_q(prefix: str = "", *, acceptance: dict | None = None, mediation: dict | None = None) -> Q:
    """Open acceptance, mediation or payment deadlines matching the lookups (`mediation`'s apply to the
    first unpaid instalment too), on the case at `prefix` (a relation path): the shape of the overdue and
    due-soon rules (casedesk.cases.deadlines). Without lookups, every case that waits on a date at all: the
    condition of the index "case_waiting_idx", which the rules' queries imply, each term by its own."""
    acceptance, mediation = acceptance or {}, mediation or {}

    def lookups(**fields):
        return {f"{prefix}{name}": value for name, value in fields.items()}

    unpaid = {f"unpaid_due__{k}": v for k, v in mediation.items()}
    # "IS NOT NULL" keeps the expression true or false, never NULL, where it is annotated.
    return (
        Q(**lookups(status=Status.SUBMITTED, **{f"acceptance_due__{k}": v for k, v in acceptance.items()}))
        | Q(**lookups(status__in=MEDIATION_PENDING, mediation_due__isnull=False,
                      **{f"mediation_due__{k}": v for k, v in mediation.items()}))
        # An instalment not yet fully paid while performance is followed up (is_missed, in SQL).
        | Q(**lookups(status__in=PERFORMANCE_PENDING, unpaid_due__isnull=False, non_performance_on__isnull=True,
                      **unpaid))
        | Q(**lookups(status=Status.CLOSED, outcome=Outcome.SETTLED, unpaid_due__isnull=False,
                      non_performance_on__isnull=True, **unpaid))
    )

"""The date a case waits on next, as one SQL expression: what home's deadline list and the deadline page
sort by, and what the index "case_pending_due_idx" holds, so that the database reads those lists in their
order instead of sorting every case with a deadline. The index and the lists build the expression here,
once: the database uses the index only for the very same expression."""

from django.db import models

from .choices import Status

# A court case carries the court's mediation deadline from the day it is registered.
MEDIATION_PENDING = (Status.SUBMITTED, Status.ACCEPTED, Status.MEDIATING)


def pending_due():
    """The acceptance deadline of a submitted case, the mediation deadline of one in mediation, else the
    next instalment of its agreement (casedesk.cases.deadlines.pending_deadline, as SQL)."""
    return models.Case(
        models.When(status=Status.SUBMITTED, then=models.F("acceptance_due")),
        models.When(status__in=MEDIATION_PENDING, then=models.F("mediation_due")),
        default=models.F("unpaid_due"),
    )

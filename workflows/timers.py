"""The statutory deadlines as viewflow timers: when each one fires, what firing does, and
keeping the armed timers in step with the case's due dates (which extend and reopen move).

The timers are viewflow's own (`.OnTimeout`, database-backed); `manage.py workflow_timers`
fires the due ones.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.nodes import TimerBoundary
from viewflow.workflow.status import STATUS

from casedesk.cases import audit, deadlines
from casedesk.cases.models import Case

# A stage whose due date is not set yet waits without a timer (the date comes with acceptance).
NO_DEADLINE = datetime.datetime(9999, 1, 1, tzinfo=datetime.timezone.utc)


def missed_at(due):
    """The moment a due date is missed: the start of the next day in the desk's time zone."""
    if due is None:
        return NO_DEADLINE
    return timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time.min))


def acceptance_missed(activation):
    return missed_at(activation.process.current_case().acceptance_due)


def mediation_missed(activation):
    return missed_at(activation.process.current_case().mediation_due)


def confirmation_missed(activation):
    agreement = activation.process.current_case().agreements.first()
    return missed_at(deadlines.confirmation_due(agreement.signed_on) if agreement else None)


def is_overdue(case, kind):
    return any(d.kind == kind and d.overdue for d in deadlines.case_deadlines(case))


def flag_overdue(kind):
    """A flow function: record in the case's audit chain that deadline `kind` was missed."""

    def flag(activation):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=activation.process.artifact_object_id)
            missed = [d for d in deadlines.case_deadlines(case) if d.kind == kind and d.overdue]
            if missed:
                audit.append_event(case, action="overdue", actor=None, data={"deadline": kind, "due": missed[0].due})
            activation.task.data.update(deadline=kind, flagged=bool(missed))

    flag.__name__ = f"flag_{kind}_overdue"
    return flag


def overdue_data(activation):
    return {"deadline": activation.task.data.get("deadline"), "flagged": activation.task.data.get("flagged")}


def was_flagged(activation):
    return bool(activation.task.data.get("flagged"))


def keep_in_step(process):
    """Move armed timers to the case's current due dates; arm again a deadline extended after it fired."""
    task_class = process.flow_class.task_class
    hosts = task_class._default_manager.filter(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED])
    for host in hosts:
        for boundary in host.flow_task._boundary_events:
            if isinstance(boundary, TimerBoundary):
                _follow_due_date(task_class, process, host, boundary)


def _follow_due_date(task_class, process, host, boundary):
    latest = (
        task_class._default_manager.filter(process=process, flow_task=boundary, previous=host).order_by("-pk").first()
    )
    if latest is None:
        return
    due = boundary._delay(boundary.activation_class(latest))
    if latest.status == STATUS.SCHEDULED and latest.scheduled != due:
        latest.scheduled = due
        latest.save(update_fields=["scheduled"])
    elif latest.status == STATUS.DONE and due > latest.scheduled:
        boundary._arm(host.flow_task.activation_class(host))

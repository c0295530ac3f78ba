"""The statutory deadlines as viewflow timers: when each one fires, what firing does, and
keeping the armed timers in step with the case's due dates (which extend and reopen move).

The timers are viewflow's own (`.OnTimeout`, database-backed); `manage.py workflow_timers`
fires the due ones.
"""

import datetime
import functools

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from viewflow.workflow.nodes import TimerBoundary
from viewflow.workflow.status import STATUS

from casedesk.cases import deadlines, steps
from casedesk.cases.models import Case

# The statuses of a timer that keep_in_step may move (scheduled) or arm again (done, fired).
ARMED_OR_FIRED = (STATUS.SCHEDULED, STATUS.DONE)
TIMER = TimerBoundary.task_type
# A stage whose due date is not set yet waits without a timer (the date comes with acceptance).
NO_DEADLINE = datetime.datetime(9999, 1, 1, tzinfo=datetime.timezone.utc)


def missed_at(due):
    """The moment a due date is missed: the start of the next day in the desk's time zone."""
    if due is None:
        return NO_DEADLINE
    return timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time.min))


class MissedAt:
    """A timer's delay: the moment the due date `due_of(case)` is missed.

    viewflow calls it with the timer's activation; `keep_in_step` asks `for_case` with the case
    it has already read, so following a due date costs no extra query.
    """

    def __init__(self, due_of):
        self.due_of = due_of

    def __call__(self, activation):
        return self.for_case(activation.process.current_case())

    def for_case(self, case):
        return missed_at(self.due_of(case))


def _confirmation_due(case):
    agreement = case.agreements.first()
    return deadlines.confirmation_due(agreement.signed_on) if agreement else None


acceptance_missed = MissedAt(lambda case: case.acceptance_due)
mediation_missed = MissedAt(lambda case: case.mediation_due)
confirmation_missed = MissedAt(_confirmation_due)


def is_overdue(case, kind):
    return any(d.kind == kind and d.overdue for d in deadlines.case_deadlines(case))


def flag_overdue(kind):
    """A flow function: record in the case's audit chain that deadline `kind` was missed."""

    def flag(activation):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=activation.process.artifact_object_id)
            missed = [d for d in deadlines.case_deadlines(case) if d.kind == kind and d.overdue]
            if missed:
                steps.append(case, "overdue", None, {"deadline": kind, "due": missed[0].due})
            activation.task.data.update(deadline=kind, flagged=bool(missed))

    flag.__name__ = f"flag_{kind}_overdue"
    return flag


def overdue_data(activation):
    return {"deadline": activation.task.data.get("deadline"), "flagged": activation.task.data.get("flagged")}


def was_flagged(activation):
    return bool(activation.task.data.get("flagged"))


def keep_in_step(process, case, open_tasks, armed=None):
    """Move armed timers to the case's current due dates; arm again a deadline extended after it fired.

    `open_tasks` are the process's open human tasks (the timers' hosts), `case` the case as it
    stands, `armed` the latest timer of each (host id, boundary) when the caller read them with the
    tasks (workflows.sync.read_flow); else they are read here, in one query.
    """
    watched = {
        (host.pk, boundary): host
        for host in open_tasks
        for boundary in host.flow_task._boundary_events
        if isinstance(boundary, TimerBoundary)
    }
    if not watched:
        return
    if armed is None:
        armed = latest(
            process.flow_class.task_class._default_manager.filter(
                process_id=process.pk, previous__in=[host for host, _ in watched]
            ).annotate(host_id=F("previous"))
        )
    for (host_id, boundary), host in watched.items():
        timer = armed.get((host_id, boundary))
        if timer is not None:
            _follow_due_date(timer, host, boundary, boundary._delay.for_case(case))


def latest(timers):
    """The latest of `timers` (annotated with their `host_id`) for each (host id, boundary node)."""
    found = {}
    for timer in timers:
        key = (timer.host_id, timer.flow_task)
        if key not in found or timer.pk > found[key].pk:
            found[key] = timer
    return found


def _follow_due_date(timer, host, boundary, due):
    if timer.status == STATUS.SCHEDULED and timer.scheduled != due:
        timer.scheduled = due  # one UPDATE of the column: Task.save adds nothing to an armed timer's move
        sql, scheduled = _move_sql(type(timer))
        with connection.cursor() as cursor:
            cursor.execute(sql, [scheduled.get_db_prep_value(due, connection), timer.pk])
    elif timer.status == STATUS.DONE and due > timer.scheduled:
        boundary._arm(host.flow_task.activation_class(host))


@functools.cache
def _move_sql(task_class):
    """The UPDATE that moves an armed timer (and its `scheduled` field, which adapts the value): written once,
    as every extension moves a timer and building the ORM's UPDATE took as long as running it (bench/README.md)."""
    qn, meta = connection.ops.quote_name, task_class._meta
    scheduled = meta.get_field("scheduled")
    return (f"UPDATE {qn(meta.db_table)} SET {qn(scheduled.column)} = %s WHERE {qn(meta.pk.column)} = %s",
            scheduled)

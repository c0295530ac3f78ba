"""The flows follow their cases. On every change of a case (the signal
casedesk.cases.signals.case_changing, sent by the transition and step services and by intake),
in the change's own transaction, with the case row still locked and as it was just saved:

- "create" starts the case's flow (as does any change of a case that has none yet);
- an open task that the transition stands for (its `done_by`) is completed, whoever did
  the work and wherever, and the gates after it read the case;
- a task the case has moved past (it no longer waits where the case is) is completed as
  overtaken, until every open task waits where the case stands;
- the mediator's open tasks move with a reassignment; deadline timers follow the due dates.

The case row's lock is the flow's lock: a change holds it already, and MediationFlow's lock
(workflows.locking) takes it before anything else, so the two never wait on each other the other way
round, and the flow's rows commit with the change that moved them. A failure here is rolled back alone and
logged, never raised (casedesk.cases.signals.in_savepoint): the change itself stands, and
`manage.py start_flows` brings the flows up to date again.
"""

import functools
import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.sql import Query
from django.utils.functional import SimpleLazyObject
from viewflow.workflow.status import PROCESS

from casedesk.cases.models import Case
from casedesk.cases.signals import case_changing, in_savepoint

from . import timers
from .models import CaseProcess
from .nodes import HUMAN, OPEN

logger = logging.getLogger(__name__)

# Each round completes one overtaken task; a case is never more than a few steps ahead.
MAX_ROUNDS = 20


def connect():
    case_changing.connect(on_case_changing, sender=Case, dispatch_uid="workflows.sync")


@in_savepoint
def on_case_changing(sender, *, case, name, event_id=None, actor_id=None, **kwargs):
    follow_case(case, name=name, actor_id=actor_id, event_id=event_id)


def start_flow(case_id):
    """The case's process; started, and routed to where the case stands, if it had none."""
    from .flows import MediationFlow

    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)  # one start per case
        process = CaseProcess.for_case(case_id).first()
        if process is None:
            process = MediationFlow.start.run(case=case)
    return process


class Actor:
    """The user who made the change, read from the database only when a task needs them."""

    def __init__(self, actor_id):
        self.actor_id = actor_id
        self._user = None

    def get(self):
        if self._user is None and self.actor_id:
            self._user = get_user_model().objects.filter(pk=self.actor_id).first()
        return self._user


def follow(case_id, *, name="", actor_id=None, event_id=None):
    """Bring the process of case `case_id` up to the case, outside any change (`manage.py start_flows`)."""
    with transaction.atomic():
        return follow_case(Case.objects.select_for_update().get(pk=case_id), name=name, actor_id=actor_id,
                           event_id=event_id)


def follow_case(case, *, name="", actor_id=None, event_id=None):
    """Bring the case's process up to `case` (its row locked by the caller, as it stands) after `name`.

    The flow never writes the case, so the caller's row stands still while the tasks move. The process's
    status, its open tasks and their timers come in one read (`read_flow`); the open tasks are read again
    only after a task was completed (completing one opens others), and with them the timers.
    """
    actor = Actor(actor_id)
    status, read, armed = read_flow(case)
    if status is None:
        process = CaseProcess.for_case(case.pk).first() or start_flow(case.pk)
        status, read = process.status, open_tasks(process)
    else:
        first = read[0]
        process = SimpleLazyObject(lambda: first.process)  # read only if a task is completed
    if status != PROCESS.NEW:
        return process
    tasks = read
    done = [task for task in tasks if name in task.flow_task.done_by]
    for task in done:
        complete(task, actor.get(), done_by=name, event=event_id)
    if done:
        tasks = open_tasks(process)
    tasks = settle(process, case, tasks, actor)
    follow_mediator(case, tasks)
    # The timers read with the tasks hold while the open tasks are still those read.
    timers.keep_in_step(process, case, tasks, armed if tasks is read else None)
    return process


def read_flow(case):
    """(process status, open human tasks, latest timers) of `case`'s flow in one query; (None, [], None)
    when nothing is open on it (no flow yet, a finished one, or one that waits on no person).

    The rows are the process's open human tasks and its armed or fired timers, each timer with the task
    it is armed on (`host_id`); `timers.latest` keeps the latest of each. A task reads its process
    (`task.process`) only when something needs more of it than its status. Every change of a case runs
    this read, so its SQL and the order of its columns are made once (`_flow_read`), and its rows become
    tasks as the ORM makes them (the fields' conversions, `Model.from_db`) without building a query:
    building and compiling it took three times as long as running it, and a raw queryset matched the
    columns to the fields again on every read (bench/README.md).
    """
    from .flows import MediationFlow

    task_class = MediationFlow.task_class
    sql, names, compiler, converters = _flow_read(task_class)
    with connection.cursor() as cursor:
        cursor.execute(sql, [
            ContentType.objects.get_for_model(Case).pk, case.pk, HUMAN, *OPEN, timers.TIMER, *timers.ARMED_OR_FIRED,
        ])
        rows = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    rows = [_task_of(task_class, names, values) for values in rows]
    tasks = [row for row in rows if row.flow_task_type == HUMAN and is_followed(row)]
    if not tasks:
        return None, [], None
    return tasks[0].process_status, tasks, timers.latest(row for row in rows if row.flow_task_type == timers.TIMER)


def _task_of(task_class, names, values):
    """A task of read_flow's row `values`: the task's own fields, then its process's status and its host."""
    task = task_class.from_db(connection.alias, names, values[:len(names)])
    task.process_status, task.host_id = values[len(names):]
    return task


@functools.cache
def _flow_read(task_class):
    """read_flow's SQL, the names of the task's fields in the order it selects them (before the process's
    status and the host task), and the compiler and conversions that turn the database's values into theirs."""
    qn = connection.ops.quote_name
    task, process, previous = task_class._meta, CaseProcess._meta, task_class.previous.through._meta
    fields = task.concrete_fields

    def column(meta, name):
        return qn(meta.get_field(name).column)

    sql = (
        f"SELECT {', '.join(f't.{qn(field.column)}' for field in fields)}, p.{column(process, 'status')}, "
        f"(SELECT l.{column(previous, 'to_task')} FROM {qn(previous.db_table)} l "
        f"WHERE l.{column(previous, 'from_task')} = t.{qn(task.pk.column)} LIMIT 1) "
        f"FROM {qn(task.db_table)} t JOIN {qn(process.db_table)} p ON p.{qn(process.pk.column)} = t.{column(task, 'process')} "
        f"WHERE p.{column(process, 'artifact_content_type')} = %s AND p.{column(process, 'artifact_object_id')} = %s "
        f"AND ((t.{column(task, 'flow_task_type')} = %s AND t.{column(task, 'status')} IN (%s, %s)) "
        f"OR (t.{column(task, 'flow_task_type')} = %s AND t.{column(task, 'status')} IN (%s, %s))) "
        f"ORDER BY t.{qn(task.pk.column)}"
    )
    compiler = Query(task_class).get_compiler(connection=connection)
    converters = compiler.get_converters([field.get_col(task.db_table) for field in fields])
    return sql, [field.attname for field in fields], compiler, converters


def open_tasks(process):
    tasks = process.task_set.filter(status__in=OPEN, flow_task_type=HUMAN).order_by("pk")
    return [task for task in tasks if is_followed(task)]


def is_followed(task):
    """A human task of the case's steps (workflows.nodes), which says whether the case still waits on it."""
    return hasattr(task.flow_task, "is_pending")


def complete(task, actor, **facts):
    """Complete a human task whose work was done elsewhere; its next nodes run as usual."""
    task.refresh_from_db()
    if task.status not in OPEN:  # a join cancelled it meanwhile
        return
    activation = task.flow_task.activation_class(task)
    task.data.update(facts)
    if activation.assign.can_proceed():
        activation.assign(actor)
    activation.start(None)
    activation.execute()


def settle(process, case, tasks, actor):
    """Complete the tasks the case has moved past; returns the open tasks left."""
    for _ in range(MAX_ROUNDS):
        overtaken = [task for task in tasks if not task.flow_task.is_pending(task, case)]
        if not overtaken:
            return tasks
        complete(overtaken[0], actor.get(), overtaken=True)  # one at a time: a join may cancel the rest
        tasks = open_tasks(process)
    logger.error("The flow of case %s did not settle in %d rounds", process.artifact_object_id, MAX_ROUNDS)
    return tasks


def follow_mediator(case, tasks):
    if case.mediator_id is None:
        return
    for task in tasks:
        if task.flow_task.follows_mediator and task.owner_id != case.mediator_id:
            activation = task.flow_task.activation_class(task)
            if activation.assign.can_proceed():
                activation.assign(case.mediator)
            else:
                activation.reassign(user=case.mediator)

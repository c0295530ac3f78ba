"""How the rest of the desk hears that a case changed: two signals, sent by `announce`.

- `case_changing`, inside the change's transaction, once the case row is saved and while it is still
  locked: the case's own bookkeeping that must commit with the change and be seen with it (its flow,
  workflows.sync). Its receivers take `case` (the locked, saved row), `name`, `event_id`, `actor_id`.
- `case_changed`, after the commit: what may come later or fail alone (documents, messages,
  reminders). Its receivers take `case_id`, `name`, `event_id`, `actor_id`.

The change stands whatever a subscriber does: a `case_changed` receiver's failure is logged, and a
`case_changing` receiver runs in its own savepoint (`in_savepoint`), so its failure is rolled back
alone and logged.
"""

import contextlib
import functools
import logging

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger(__name__)

case_changing = Signal()
case_changed = Signal()


def announce(case, name, event_id, actor_id):
    """Tell the subscribers that step or transition `name` changed `case`, whose row the caller holds
    locked and has saved: `case_changing` now, `case_changed` once the transaction commits."""
    from .models import Case

    case_changing.send(sender=Case, case=case, name=name, event_id=event_id, actor_id=actor_id)
    case_id = case.pk

    def send():
        for receiver, result in case_changed.send_robust(
            sender=Case, case_id=case_id, name=name, event_id=event_id, actor_id=actor_id
        ):
            if isinstance(result, Exception):
                log.error("%s failed after %s on case %s", receiver, name, case_id, exc_info=result)

    transaction.on_commit(send)


def in_savepoint(receiver):
    """A `case_changing` receiver that cannot undo the change: it runs in a savepoint of its own, and a
    failure rolls back only what it did (with the on-commit callbacks it left), and is logged.

    The savepoint is not released on success: the change's own end (its commit, or the release of the
    savepoint it is itself) releases it with the rest, one round trip fewer on every change
    (bench/README.md). Nothing is lost by it: a released savepoint's work is the transaction's all the same.
    """

    @functools.wraps(receiver)
    def guarded(sender, *, case, name, **kwargs):
        with _rolled_back_alone(receiver, name, case):
            receiver(sender, case=case, name=name, **kwargs)

    return guarded


@contextlib.contextmanager
def _rolled_back_alone(receiver, name, case):
    connection = transaction.get_connection()
    sid = transaction.savepoint()  # None in autocommit, where each statement stands alone
    if sid:  # as an atomic block does: the on-commit callbacks registered inside belong to the savepoint
        connection.savepoint_ids.append(sid)
    try:
        yield
    except Exception:
        if sid:
            transaction.set_rollback(False)  # as a block inside without a savepoint may have marked it
            transaction.savepoint_rollback(sid)
        log.exception("%s failed on %s of case %s", receiver.__qualname__, name, case.pk)
    finally:
        if sid:
            connection.savepoint_ids.pop()

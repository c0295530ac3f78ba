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
    """A `case_changing` receiver that cannot undo the change: it runs in a savepoint of its own,
    and a failure rolls back only what it did, and is logged."""

    @functools.wraps(receiver)
    def guarded(sender, *, case, name, **kwargs):
        try:
            with transaction.atomic():
                receiver(sender, case=case, name=name, **kwargs)
        except Exception:
            log.exception("%s failed on %s of case %s", receiver.__qualname__, name, case.pk)

    return guarded

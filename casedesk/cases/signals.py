import logging

from django.dispatch import Signal

log = logging.getLogger(__name__)

# Sent after the transaction that changed a case commits: case_id, name, event_id, actor_id.
case_changed = Signal()


def announce_after_commit(case_id, name, event_id, actor_id):
    """Tell the subscribers (documents, workflows) once the change is committed.

    The change stands whatever a subscriber does: its failure is logged, never raised.
    """
    from django.db import transaction

    from .models import Case

    def send():
        for receiver, result in case_changed.send_robust(
            sender=Case, case_id=case_id, name=name, event_id=event_id, actor_id=actor_id
        ):
            if isinstance(result, Exception):
                log.error("%s failed after %s on case %s", receiver, name, case_id, exc_info=result)

    transaction.on_commit(send)

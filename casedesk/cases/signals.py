from django.dispatch import Signal

# Sent after the transaction that changed a case commits: case_id, name, event_id, actor_id.
case_changed = Signal()

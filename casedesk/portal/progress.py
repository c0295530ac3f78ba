"""The way a worker's case has come, in the worker's words: each state it entered and the day, read
from its audit chain (casedesk.cases.audit). No actor, no reason, no other data of the events."""

from django.utils import timezone

from casedesk.cases import labels
from casedesk.cases.models import CaseEvent


def steps(case):
    """[{status, label, on}] oldest first: the registration, then each change of state."""
    found = []
    for event in CaseEvent.objects.filter(case=case).exclude(to_state="").order_by("seq"):
        if event.action != "create" and event.from_state == event.to_state:
            continue
        found.append({"status": event.to_state, "label": labels.worker_state_label(event.to_state),
                      "on": timezone.localdate(event.at)})
    return found

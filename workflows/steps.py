"""Work on a case that moves no state (gathering evidence, telling the employer, writing to the
court, a supervisor's look at an overdue case): each is one event in the case's audit chain,
appended under the case's row lock like every other event. Transitions go through
casedesk.cases.transitions, never here.
"""

from django.db import transaction

from casedesk.cases import access, audit
from casedesk.cases.errors import NotPermitted
from casedesk.cases.models import Case
from casedesk.cases.transition_forms import plain


def record_step(case, *, actor, action, data):
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not access.can_see(actor, locked):
            raise NotPermitted()
        return audit.append_event(locked, action=action, actor=actor, data=plain(data))

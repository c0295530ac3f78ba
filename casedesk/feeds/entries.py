"""What a user's calendar holds: the open deadlines of the cases on their desk and the sessions
scheduled in them, named by case number only (no party, no place: a calendar is shared widely)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from casedesk.cases import access, clock, deadlines, roles, steps
from casedesk.cases.choices import OPEN_STATES
from casedesk.cases.labels import DEADLINES
from casedesk.cases.models import CaseEvent

from .ics import Entry

MAX_CASES = 500  # a supervisor's whole desk; the nearest deadlines first
SESSIONS_SINCE_DAYS = 60
IN_CALENDAR = (deadlines.ACCEPTANCE, deadlines.MEDIATION, deadlines.CONFIRMATION_APPLICATION, deadlines.PERFORMANCE)


def cases_on_desk(user):
    """A mediator's assigned cases, a volunteer's registered ones, every open case for a supervisor."""
    cases = access.visible_cases(user).filter(status__in=OPEN_STATES)
    role = roles.role_of(user)
    if role == roles.MEDIATOR:
        cases = cases.filter(mediator=user)
    elif role == roles.VOLUNTEER:
        cases = cases.filter(registered_by=user)
    return (cases.select_related("court_referral").prefetch_related("agreements")
            .order_by("mediation_due", "acceptance_due", "id")[:MAX_CASES])


def entries_for(user, host):
    cases = list(cases_on_desk(user))
    today = clock.today()
    entries = []
    for case in cases:
        link = settings.CASEDESK_BASE_URL + reverse("desk:case", args=[case.pk])
        for deadline in deadlines.case_deadlines(case, today):
            if deadline.kind not in IN_CALENDAR or deadline.met or deadline.due is None:
                continue
            summary = f"{case.number} {DEADLINES[deadline.kind]}"
            if deadline.overdue:
                summary = _("Overdue: %(summary)s") % {"summary": summary}
            entries.append(Entry(uid=f"case-{case.pk}-{deadline.kind}@{host}", summary=summary, start=deadline.due,
                                 url=link))
    entries += sessions(cases, today, host)
    return entries


def sessions(cases, today, host):
    """The sessions of the last SESSIONS_SINCE_DAYS and those to come; one to come only while its case is
    still in mediation (steps.sessions_still_held)."""
    by_pk = {case.pk: case for case in cases}
    numbers = {pk: case.number for pk, case in by_pk.items()}
    since, now = today - datetime.timedelta(days=SESSIONS_SINCE_DAYS), clock.now()
    scheduled = CaseEvent.objects.filter(case_id__in=numbers, action="session_scheduled").order_by("case_id", "seq")
    entries = []
    for event in scheduled:
        try:
            start = datetime.datetime.fromisoformat(str(event.data.get("scheduled_for")))
        except ValueError:
            continue
        if start.date() < since or (start > now and not steps.sessions_still_held(by_pk[event.case_id])):
            continue
        link = settings.CASEDESK_BASE_URL + reverse("desk:case", args=[event.case_id])
        entries.append(Entry(uid=f"session-{event.pk}@{host}", start=start, url=link,
                             summary=_("%(number)s mediation session") % {"number": numbers[event.case_id]}))
    return entries

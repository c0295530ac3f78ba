"""The demo's consultations and outreach events (fixtures/demo_outreach.py), recorded through their
services with the clock at each one's moment; part of `manage.py load_demo`."""

import datetime

from django.core.management.base import CommandError
from django.db.models import Max, Sum
from django.utils import timezone

from casedesk.cases import clock
from casedesk.cases.errors import CaseError
from casedesk.cases.models import Case
from casedesk.consultations import services as consultation_services
from casedesk.consultations.models import Consultation
from casedesk.outreach import kinds
from casedesk.outreach import services as outreach_services
from casedesk.outreach.models import EventKind, OutreachEvent

from . import dates

RECORDED_BEFORE = datetime.time(8, 0)  # an event is put in the log the morning it is held
STEP = datetime.timedelta(minutes=10)


def load(demo, accounts):
    today = clock.today()
    events = _events(demo.events(today), accounts)
    held = [event.held_on for event in events]
    for recorder, moment, body in demo.consultations(today, held):
        actor = accounts[recorder]
        if "event" in body:
            event = events[body["event"]]
            actor = _one_who_sees(event, actor)
            body = {**body, "event": event.pk}
        _record(actor, clock.as_moment(moment) + STEP, body)
    _convert(demo.conversions(today), accounts)


def _events(specs, accounts):
    seeded = {kind.name: kind for kind in EventKind.objects.all()}
    kind_rows = [seeded[name] for name in kinds.seed_names()]
    recorded = []
    for recorder, held_on, body in specs:
        staff = []
        for person in body["staff"]:
            user = accounts.get(person["name"])
            staff.append({"name": user.first_name, "role": person["role"], "user": user.pk} if user else person)
        data = {**body, "kind": kind_rows[body["kind"]].pk, "staff": staff}
        with dates.at(datetime.datetime.combine(held_on, RECORDED_BEFORE)):
            try:
                recorded.append(outreach_services.record_event(actor=accounts[recorder], data=data))
            except CaseError as error:
                raise CommandError(f"demo event of {held_on}: refused: {error.message} {error.fields}") from error
    return recorded


def _one_who_sees(event, actor):
    """The recorder of a consultation at `event`: `actor` if they worked there, else the event's recorder."""
    if actor.pk == event.recorded_by_id or event.staff.filter(user=actor).exists():
        return actor
    return event.recorded_by


def _record(actor, moment, body):
    with dates.at(moment):
        try:
            return consultation_services.record_consultation(actor=actor, data=body)
        except CaseError as error:
            raise CommandError(f"demo consultation of {moment}: refused: {error.message} {error.fields}") from error


def _convert(specs, accounts):
    """Each consultation becomes a case after every demo case is registered (numbers stay in time order)."""
    latest = Case.objects.aggregate(at=Max("submitted_at"))["at"] or clock.now()
    for recorder, moment, body, registration in specs:
        actor = accounts[recorder]
        asked = clock.as_moment(moment)
        consultation = _record(actor, asked + STEP, body)
        latest = max(latest, asked + STEP) + STEP
        with dates.at(min(latest, clock.now() - datetime.timedelta(minutes=1))):
            data = consultation_services.with_consultation(consultation, registration, actor)
            try:
                consultation_services.convert_to_case(consultation=consultation, actor=actor, data=data)
            except CaseError as error:
                raise CommandError(f"demo conversion: refused: {error.message} {error.fields}") from error


def summary():
    consulted = Consultation.objects.aggregate(people=Sum("people"))
    held = OutreachEvent.objects.aggregate(people=Sum("people_served"), leaflets=Sum("leaflets"))
    return (
        f"Loaded {Consultation.objects.count()} demo consultations ({consulted['people'] or 0} people, "
        f"{Consultation.objects.filter(case__isnull=False).count()} became cases) and "
        f"{OutreachEvent.objects.count()} outreach events ({held['people'] or 0} people served, "
        f"{held['leaflets'] or 0} leaflets), up to {timezone.localdate(clock.now()):%Y-%m-%d}."
    )

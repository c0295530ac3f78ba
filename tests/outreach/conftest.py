"""Outreach events recorded through the service, and the request bodies the API takes."""

import pytest

from casedesk.outreach import kinds, services
from casedesk.outreach.models import EventKind, EventStaff, OutreachEvent


def seeded_kind(position):
    """The seed kind at `position` of casedesk.outreach.kinds.SEED_KINDS, as the migration made it."""
    return EventKind.objects.get(name=kinds.seed_names()[position])


def event_body(**overrides):
    body = {
        "kind": seeded_kind(4).pk,  # 普法宣讲
        "held_on": "2026-10-28",
        "place": "县总工会职工服务中心",
        "host": "县工业园区",
        "people_served": 180,
        "leaflets": 600,
        "note": "新就业形态劳动者普法宣讲。",
        "staff": [{"name": "邱律师", "role": "lawyer"}],
    }
    body.update(overrides)
    return body


def counts():
    """What an event's refusal must leave as it was."""
    return OutreachEvent.objects.count(), EventStaff.objects.count()


@pytest.fixture
def record_event(volunteer):
    def _record(actor=None, **overrides):
        return services.record_event(actor=actor or volunteer, data=event_body(**overrides))

    return _record

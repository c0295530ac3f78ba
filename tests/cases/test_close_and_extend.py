"""Extensions the law allows (issue 13). The amount recovered at close is no longer typed: it is the
payments recorded (tests/payments)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casedesk.cases import deadlines, transitions
from casedesk.cases.errors import InvalidData

from ..conftest import REASON, unchanged

pytestmark = pytest.mark.django_db

EXTEND = {"parties_consent": True, **REASON}


def test_the_unions_extension_stops_at_the_setting(mediating, mediator, settings):
    case = mediating()  # accepted Mon 2 Nov 2026: the period ends Tue 17 Nov
    assert case.mediation_due == datetime.date(2026, 11, 17)
    assert deadlines.latest_extension_allowed(case) == datetime.date(2026, 12, 17)
    with unchanged(case), pytest.raises(InvalidData) as refused:
        transitions.perform(case, "extend", mediator, until="2030-01-01", long_extension_confirmed=True, **EXTEND)
    assert "2026年12月17日" in str(refused.value.fields["until"][0])
    settings.CASEDESK_MAX_EXTENSION_DAYS = 10
    assert deadlines.latest_extension_allowed(case) == datetime.date(2026, 11, 27)
    with unchanged(case), pytest.raises(InvalidData):
        transitions.perform(case, "extend", mediator, until="2026-11-30", **EXTEND)


def test_an_extension_within_the_caps_least_bound_reads_neither_the_events_nor_the_calendar(mediating, mediator):
    case = mediating()  # accepted Mon 2 Nov: no cap can fall before 2 Nov + 15 + 30 days, Thu 17 Dec
    with CaptureQueriesContext(connection) as captured:
        case = transitions.perform(case, "extend", mediator, until="2026-12-17", long_extension_confirmed=True,
                                   **EXTEND)
    assert case.mediation_due == datetime.date(2026, 12, 17)
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert not [sql for sql in reads if "cases_calendar" in sql or 'FROM "cases_caseevent"' in sql], reads


def test_past_the_least_bound_the_cap_is_counted_to_the_working_day(mediating, mediator, settings):
    settings.CASEDESK_MAX_EXTENSION_DAYS = 12
    case = mediating()  # the period ends Tue 17 Nov; + 12 days is Sun 29 Nov, so the cap is Mon 30 Nov
    assert deadlines.latest_extension_allowed(case) == datetime.date(2026, 11, 30)
    with unchanged(case), pytest.raises(InvalidData):
        transitions.perform(case, "extend", mediator, until="2026-12-01", **EXTEND)
    case = transitions.perform(case, "extend", mediator, until="2026-11-30", **EXTEND)
    assert case.mediation_due == datetime.date(2026, 11, 30)


def test_a_long_extension_asks_for_confirmation(mediating, mediator):
    case = mediating()
    with unchanged(case), pytest.raises(InvalidData) as refused:
        transitions.perform(case, "extend", mediator, until="2026-12-17", **EXTEND)
    assert "30" in str(refused.value.fields["long_extension_confirmed"][0])
    case = transitions.perform(case, "extend", mediator, until="2026-12-17", long_extension_confirmed=True, **EXTEND)
    assert case.mediation_due == datetime.date(2026, 12, 17)


def test_a_short_extension_asks_nothing_more(mediating, mediator):
    case = transitions.perform(mediating(), "extend", mediator, until="2026-11-30", **EXTEND)
    assert case.mediation_due == datetime.date(2026, 11, 30)
    assert "long_extension_confirmed" not in case.events.order_by("-seq").first().data


def test_a_second_extension_is_capped_from_the_period_not_from_the_first(mediating, mediator):
    case = transitions.perform(mediating(), "extend", mediator, until="2026-12-01", **EXTEND)
    with unchanged(case), pytest.raises(InvalidData):
        transitions.perform(case, "extend", mediator, until="2026-12-31", **EXTEND)


def test_a_court_case_keeps_the_courts_maximum(court_case, mediator):
    case = court_case()  # referred 30 Oct: the court's 30 days end Mon 30 Nov, +30 days: Wed 30 Dec
    cap = deadlines.latest_extension_allowed(case)
    assert cap == datetime.date(2026, 12, 30)
    with unchanged(case), pytest.raises(InvalidData) as refused:
        transitions.perform(case, "extend", mediator, until="2027-01-05", long_extension_confirmed=True, **EXTEND)
    assert "法院" in str(refused.value.fields["until"][0])

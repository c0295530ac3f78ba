"""Each deadline rule has one owner, casedesk.cases.deadlines: the mediation deadline at intake,
acceptance and reopening for union and court cases alike; "due soon" from one setting for the
desk's deadline page, the supervisors' at-risk list and the timeline; overdue from overdue_q,
also on the mediators' load table.

Today is Monday 2 November 2026 (tests/conftest.py): working days Mon 2 to Fri 6, then Mon 9.
"""

import datetime
import zoneinfo

import pytest
from django.test import override_settings
from django.utils import translation

from casedesk.cases import clock, deadline_history, deadlines, intake, labels, transitions
from casedesk.cases.models import Case, CaseEvent
from casedesk.desk import queues
from casedesk.reports import timeline, watch

from ..conftest import registration_body

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 11, 2)


def day(y, m, d):
    return datetime.datetime(y, m, d, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def desk(volunteer, mediator, supervisor):
    """Takes cases through the real services, each step at its own moment."""

    class Desk:
        def register(self, moment, court_referred_on=None):
            overrides = {}
            if court_referred_on:
                overrides = {"channel": "court_delegated", "court_referral": {
                    "court": "某某县人民法院", "court_case_number": f"（2026）某0101民诉前调{moment.day}号",
                    "kind": "pre_litigation", "referred_on": court_referred_on.isoformat()}}
            with clock.frozen(moment):
                body = registration_body(dispute_started_on="2026-09-01", **overrides)
                return intake.register_case(actor=volunteer, data=body).case

        def take(self, case, moment, name, actor=None, **data):
            actor = actor or (mediator if name in ("record_failure", "reach_agreement") else supervisor)
            with clock.frozen(moment):
                return transitions.perform(case, name, actor, **data)

        def mediating(self, case, moment):
            case = self.take(case, moment, "accept")
            return self.take(case, moment, "assign", mediator=mediator.pk)

    return Desk()


# One mediation deadline, for union and court cases alike


def test_a_union_case_has_no_mediation_deadline_until_it_is_accepted(desk):
    case = desk.register(day(2026, 10, 12))
    assert case.mediation_due is None
    assert deadlines.mediation_due(case, step=deadlines.REGISTERED, on=datetime.date(2026, 10, 12)) is None


def test_a_union_case_gets_fifteen_days_from_acceptance(desk):
    case = desk.take(desk.register(day(2026, 10, 12)), day(2026, 10, 13), "accept")
    assert case.mediation_due == datetime.date(2026, 10, 28)
    assert case.mediation_due == deadlines.mediation_due(case, step=deadlines.ACCEPTED, on=datetime.date(2026, 10, 13))


def test_a_reopened_union_case_gets_a_fresh_period_from_reopening(desk):
    case = desk.mediating(desk.register(day(2026, 10, 9)), day(2026, 10, 9))
    case = desk.take(case, day(2026, 10, 12), "record_failure", reason="分歧较大")
    case = desk.take(case, day(2026, 10, 20), "reopen", reason="双方愿意再谈")
    assert case.mediation_due == datetime.date(2026, 11, 4)  # 20 October + 15 days


def test_a_court_case_carries_the_courts_deadline_from_registration(desk):
    case = desk.register(day(2026, 10, 9), court_referred_on=datetime.date(2026, 10, 9))
    # 9 October + 30 days is Sunday 8 November: the period ends on Monday 9 November.
    assert case.mediation_due == datetime.date(2026, 11, 9)
    assert desk.take(case, day(2026, 10, 10), "accept").mediation_due == datetime.date(2026, 11, 9)


def test_a_reopened_court_case_keeps_the_courts_period_not_the_unions_fifteen_days(desk):
    """Referred 9 October, failed, reopened 20 October: not 4 November (the union's 15 days from
    reopening) but the court's own period from the referral, 9 November, which its basis cites."""
    case = desk.register(day(2026, 10, 9), court_referred_on=datetime.date(2026, 10, 9))
    case = desk.mediating(case, day(2026, 10, 9))
    case = desk.take(case, day(2026, 10, 15), "record_failure", reason="分歧较大")
    case = desk.take(case, day(2026, 10, 20), "reopen", reason="法院同意继续调解")
    assert case.mediation_due == datetime.date(2026, 11, 9)
    reopened = CaseEvent.objects.get(case=case, action="reopen")
    assert reopened.data["mediation_due"] == "2026-11-09"
    with translation.override("en"):
        mediation = {d.kind: d for d in deadlines.case_deadlines(case, TODAY)}["mediation"]
        assert mediation.due == datetime.date(2026, 11, 9) and "30 days" in str(mediation.basis)


# Due soon: one rule, one setting


def test_due_soon_runs_to_the_second_working_day_and_the_rest_days_after_it():
    assert deadlines.due_soon_working_days() == 2
    assert deadlines.due_soon_until(TODAY) == datetime.date(2026, 11, 5)  # the 3rd working day
    assert deadlines.is_due_soon(TODAY, TODAY)
    assert deadlines.is_due_soon(datetime.date(2026, 11, 4), TODAY)
    assert not deadlines.is_due_soon(datetime.date(2026, 11, 5), TODAY)
    assert not deadlines.is_due_soon(datetime.date(2026, 11, 1), TODAY)  # past: overdue, not due soon
    # From Thursday 5 November: Friday 6 and Monday 9 are the two working days; the weekend between counts.
    assert deadlines.is_due_soon(datetime.date(2026, 11, 8), datetime.date(2026, 11, 5))
    assert not deadlines.is_due_soon(datetime.date(2026, 11, 10), datetime.date(2026, 11, 5))


def test_due_soon_skips_a_holiday_week():
    # From Wednesday 30 September 2026: 1–7 October are rest days, Fri 9 October is the 2nd working day
    # (Sat 10 October is a 调休 working day, the 3rd).
    assert deadlines.due_soon_until(datetime.date(2026, 9, 30)) == datetime.date(2026, 10, 10)


@override_settings(CASEDESK_DUE_SOON_WORKING_DAYS=4)
def test_due_soon_follows_its_setting_and_its_label_says_so():
    assert deadlines.due_soon_until(TODAY) == datetime.date(2026, 11, 9)
    with translation.override("en"):
        assert str(labels.DUE_SOON) == "Due within 4 working days"
        assert str(timeline.STATE_LABELS["due_soon"]) == "Due within 4 working days"
    with translation.override("zh-hans"):
        assert str(labels.DUE_SOON) == "4个工作日内到期"


@pytest.fixture
def spread(desk):
    """Submitted cases whose acceptance falls due on each working day around today."""
    cases = {
        "late": desk.register(day(2026, 10, 26)),  # due Thu 29 Oct
        "today": desk.register(day(2026, 10, 28)),  # due Mon 2 Nov
        "wed": desk.register(day(2026, 10, 30)),  # due Wed 4 Nov
        "thu": desk.register(day(2026, 11, 2)),  # due Thu 5 Nov
    }
    return {name: case.pk for name, case in cases.items()}


def test_the_desk_the_supervisors_list_and_the_rule_agree_on_what_is_due_soon(spread, supervisor):
    rule = {pk for pk in spread.values() if deadlines.is_due_soon(Case.objects.get(pk=pk).acceptance_due, TODAY)}
    assert rule == {spread["today"], spread["wed"]}
    desk_page = set(queues.deadline_cases(supervisor).values_list("pk", flat=True))
    assert desk_page == rule | {spread["late"]}
    at_risk = {w.case.pk for w in watch.due_work(supervisor) if not w.overdue}
    assert at_risk == rule
    assert set(Case.objects.filter(deadlines.due_soon_q(TODAY)).values_list("pk", flat=True)) == rule


@override_settings(CASEDESK_DUE_SOON_WORKING_DAYS=3)
def test_a_longer_due_soon_setting_widens_every_list(spread, supervisor):
    assert spread["thu"] in set(queues.deadline_cases(supervisor).values_list("pk", flat=True))
    assert spread["thu"] in {w.case.pk for w in watch.due_work(supervisor)}


def test_the_timeline_marks_due_soon_by_the_same_rule(spread):
    states = {}
    for name in ("today", "wed", "thu"):
        spans = timeline.build(Case.objects.get(pk=spread[name])).spans
        states[name] = [s.state for s in spans if s.kind == "acceptance"]
    assert states == {"today": ["due_soon"], "wed": ["due_soon"], "thu": ["open"]}


def test_the_pages_say_how_near_due_soon_is(spread, client, supervisor):
    client.force_login(supervisor)
    assert "2个工作日内到期" in client.get("/deadlines/").content.decode()
    # One deadline page: the supervisors' old address leads to it.
    assert client.get("/reports/overdue/")["Location"] == "/deadlines/"


# Overdue: overdue_q, also for the mediators' load


def test_the_mediators_load_counts_overdue_cases_by_overdue_q(desk, mediator, other_mediator):
    stalled = desk.mediating(desk.register(day(2026, 10, 12)), day(2026, 10, 12))  # due 27 October
    desk.mediating(desk.register(day(2026, 10, 26)), day(2026, 10, 27))  # due 11 November
    failed = desk.mediating(desk.register(day(2026, 10, 5)), day(2026, 10, 9))
    desk.take(failed, day(2026, 10, 20), "record_failure", reason="分歧较大")  # past due, but no longer pending
    load = {m.username: (m.load, m.overdue) for m in queues.mediator_load()}
    assert load["mediator1"] == (2, 1)
    assert load["mediator2"] == (0, 0)
    by_rule = Case.objects.filter(deadlines.overdue_q(TODAY), mediator=mediator)
    assert list(by_rule.values_list("pk", flat=True)) == [stalled.pk]


def test_overdue_q_reaches_a_case_through_a_relation(desk, mediator):
    desk.mediating(desk.register(day(2026, 10, 12)), day(2026, 10, 12))
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(deadlines.overdue_q(TODAY, prefix="mediated_cases__")).distinct()
    assert list(users) == [mediator]


# The deadline history lives with the rules


def test_the_deadline_history_rates_each_step_against_the_deadline_in_force(desk):
    case = desk.register(day(2026, 10, 12))  # acceptance due Thu 15 October
    case = desk.mediating(case, day(2026, 10, 19))  # two working days late; mediation due 3 November
    events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    found = deadline_history.history(case, events, TODAY)
    accept = next(e for e in events if e.action == "accept")
    rating = found.ratings[accept.seq]
    assert (rating.span.kind, rating.span.due, rating.late_days, rating.late_working_days) == (
        "acceptance", datetime.date(2026, 10, 15), 4, 2)
    mediation = [s for s in found.spans if s.kind == "mediation"]
    assert [(s.due, s.state) for s in mediation] == [(datetime.date(2026, 11, 3), "due_soon")]

"""The calendar is data the union keeps (issue 15): a year's schedule loaded by `manage.py
load_calendar FILE` or the supervisors' page, refused when it names a day twice, a date outside the
year or a weekday as a working weekend day, replaced only with confirmation; and every open
deadline it changes moves, each move an audited step, its people told."""

import datetime
import json
import zoneinfo

import pytest
from django.core.management import CommandError, call_command

from casedesk.cases import calendar, calendar_schedule, clock, deadlines, intake, transitions
from casedesk.cases.models import CalendarDay, CalendarRevision, CalendarYear, Case, CaseEvent
from casedesk.reports import timeline
from casedesk.reports.models import Reminder

from ..conftest import registration_body

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
SCHEDULE_2027 = {
    "year": 2027,
    "source": "国办发明电〔2026〕99号",
    "published_on": "2026-10-25",
    "holidays": ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12",
                 "2027-04-05", "2027-05-03", "2027-05-04", "2027-05-05", "2027-06-09", "2027-09-15",
                 "2027-10-01", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"],
    "workdays": ["2027-02-20", "2027-05-08", "2027-10-09"],
}


def at(day):
    return datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def schedule_file(tmp_path):
    def _write(payload=SCHEDULE_2027, name="2027.json"):
        path = tmp_path / name
        path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        return str(path)

    return _write


@pytest.fixture
def december(volunteer, mediator, supervisor):
    """Cases whose deadlines run into 2027, counted before its schedule is known (weekends only):
    submitted 30 December 2026 (acceptance due Monday 4 January), accepted 17 December (mediation due
    Friday 1 January, 元旦 itself), and one accepted 17 December whose parties agreed to 8 January."""
    def register(day):
        with clock.frozen(at(day)):
            return intake.register_case(actor=volunteer, data=registration_body()).case

    def take(case, day, name, actor, **data):
        with clock.frozen(at(day)):
            return transitions.perform(case, name, actor, **data)

    submitted = register(D(2026, 12, 30))
    mediating = register(D(2026, 12, 16))
    mediating = take(mediating, D(2026, 12, 17), "accept", mediator)
    mediating = take(mediating, D(2026, 12, 17), "assign", supervisor, mediator=mediator.pk)
    extended = register(D(2026, 12, 16))
    extended = take(extended, D(2026, 12, 17), "accept", mediator)
    extended = take(extended, D(2026, 12, 17), "assign", supervisor, mediator=mediator.pk)
    extended = take(extended, D(2026, 12, 28), "extend", mediator, until="2027-01-08", reason="双方同意",
                    parties_consent=True)
    return {"submitted": submitted.pk, "mediating": mediating.pk, "extended": extended.pk}


def load_in_december(path, *args):
    with clock.frozen(at(D(2026, 12, 31))):
        call_command("load_calendar", path, *args, stdout=open("/dev/null", "w"))


def reload(pk):
    return Case.objects.get(pk=pk)


# Before: estimated


def test_deadlines_counted_into_2027_are_estimated_and_fall_on_the_holiday(december):
    submitted, mediating = reload(december["submitted"]), reload(december["mediating"])
    assert submitted.acceptance_due == D(2027, 1, 4)
    assert mediating.mediation_due == D(2027, 1, 1)
    with clock.frozen(at(D(2026, 12, 31))):
        assert {d.kind: d.estimated for d in deadlines.case_deadlines(submitted)}["acceptance"]
        assert {d.kind: d.estimated for d in deadlines.case_deadlines(mediating)}["mediation"]


# Loading 2027 through the command


def test_loading_2027_moves_the_open_deadlines_it_changes(december, schedule_file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_in_december(schedule_file())
    assert calendar.covers(2027) and CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕99号"
    assert not calendar.is_working_day(D(2027, 1, 1)) and calendar.is_working_day(D(2027, 2, 20))
    submitted, mediating = reload(december["submitted"]), reload(december["mediating"])
    assert submitted.acceptance_due == D(2027, 1, 5)  # 31 Dec, (1 Jan 元旦), 4 Jan, 5 Jan
    assert mediating.mediation_due == D(2027, 1, 4)  # 1 January is a holiday: the next working day
    with clock.frozen(at(D(2026, 12, 31))):
        assert not {d.kind: d.estimated for d in deadlines.case_deadlines(submitted)}["acceptance"]
    moved = CaseEvent.objects.get(case=submitted, action="deadline_moved")
    assert moved.data == {"deadline": "acceptance", "previous_due": "2027-01-04", "due": "2027-01-05",
                          "year": 2027, "source": "国办发明电〔2026〕99号"}
    assert moved.actor is None and moved.from_state == moved.to_state == "submitted"
    assert CaseEvent.objects.get(case=mediating, action="deadline_moved").data["deadline"] == "mediation"


def test_a_submitted_court_case_has_its_courts_period_moved_too(volunteer, schedule_file):
    """Referred 2 December 2026: the court's 30 days end on Friday 1 January 2027, 元旦 once 2027 is loaded."""
    referral = {"court": "某某县人民法院", "court_case_number": "（2026）浙0101民诉前调99号", "kind": "pre_litigation",
                "referred_on": "2026-12-02"}
    with clock.frozen(at(D(2026, 12, 2))):
        case = intake.register_case(actor=volunteer, data=registration_body(
            channel="court_delegated", court_referral=referral)).case
    assert (case.acceptance_due, case.mediation_due) == (D(2026, 12, 7), D(2027, 1, 1))
    load_in_december(schedule_file())
    case = reload(case.pk)
    assert (case.acceptance_due, case.mediation_due) == (D(2026, 12, 7), D(2027, 1, 4))
    moved = CaseEvent.objects.filter(case=case, action="deadline_moved").values_list("data__deadline", flat=True)
    assert list(moved) == ["mediation"]


def test_a_date_the_parties_agreed_on_does_not_move(december, schedule_file):
    load_in_december(schedule_file())
    assert reload(december["extended"]).mediation_due == D(2027, 1, 8)
    assert not CaseEvent.objects.filter(case_id=december["extended"], action="deadline_moved").exists()


def test_the_loading_is_recorded_with_what_it_moved(december, schedule_file, supervisor):
    with clock.frozen(at(D(2026, 12, 31))):
        call_command("load_calendar", schedule_file(), "--user", supervisor.username, stdout=open("/dev/null", "w"))
    revision = CalendarRevision.objects.get(year=2027)
    assert (revision.loaded_by, revision.moved_deadlines, revision.replaced) == (supervisor, 2, None)
    assert revision.holidays[0] == "2027-01-01" and revision.workdays == SCHEDULE_2027["workdays"]
    assert CaseEvent.objects.get(case_id=december["submitted"], action="deadline_moved").actor == supervisor


def test_the_mediator_and_the_supervisors_are_told(december, schedule_file, mediator, supervisor,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_in_december(schedule_file())
    told = set(Reminder.objects.filter(moved_from__isnull=False).values_list("case_id", "kind", "due", "moved_from",
                                                                             "recipient__username"))
    assert told == {
        (december["submitted"], "acceptance", D(2027, 1, 5), D(2027, 1, 4), "supervisor1"),
        (december["mediating"], "mediation", D(2027, 1, 4), D(2027, 1, 1), "supervisor1"),
        (december["mediating"], "mediation", D(2027, 1, 4), D(2027, 1, 1), "mediator1"),
    }
    from casedesk.reports import reminders

    subject, _body = reminders.message(Reminder.objects.filter(kind="mediation").first())
    assert "期限因2027年节假日安排公布而调整" in subject and "2027年1月1日" in subject and "2027年1月4日" in subject


def test_the_timeline_shows_the_deadline_moved(december, schedule_file):
    load_in_december(schedule_file())
    with clock.frozen(at(D(2026, 12, 31))):
        spans = timeline.build(reload(december["mediating"])).spans
    mediation = [(s.due, s.state) for s in spans if s.kind == "mediation"]
    assert mediation == [(D(2027, 1, 1), "moved"), (D(2027, 1, 4), "due_soon")]


# Refusals


@pytest.mark.parametrize("change, message", [
    ({"holidays": ["2027-01-01", "2027-01-01"]}, "holidays.1: 2027-01-01重复出现"),
    ({"holidays": ["2027-01-01"], "workdays": ["2027-01-01"]}, "workdays.0: 2027-01-01重复出现"),
    ({"holidays": ["2026-12-31"]}, "holidays.0: 2026-12-31不在2027年内"),
    ({"workdays": ["2027-02-19"]}, "workdays.0: 2027-02-19不是周末"),
    ({"holidays": ["2027-13-01"]}, "holidays.0: 不是日期：2027-13-01"),
    ({"source": ""}, "source: 请填写节假日安排所依据的通知"),
    ({"published_on": "2027-01-05"}, "published_on: 通知发布日期不能晚于今天"),
])
def test_a_schedule_that_cannot_be_right_is_refused_and_nothing_changes(december, schedule_file, change, message):
    path = schedule_file({**SCHEDULE_2027, **change})
    with pytest.raises(CommandError) as refused:
        load_in_december(path)
    assert "not loaded" in str(refused.value) and message in str(refused.value)
    assert not CalendarYear.objects.filter(year=2027).exists() and not CalendarDay.objects.filter(date__year=2027).exists()
    assert reload(december["submitted"]).acceptance_due == D(2027, 1, 4)
    assert not CaseEvent.objects.filter(action="deadline_moved").exists()


def test_parse_names_each_problem():
    with pytest.raises(calendar_schedule.InvalidData) as refused:
        calendar_schedule.parse({**SCHEDULE_2027, "holidays": ["2027-01-01", "2027-01-01", "2028-01-03"],
                                 "workdays": ["2027-02-19"]})
    assert set(refused.value.fields) == {"holidays.1", "holidays.2", "workdays.0"}


def test_weekend_days_listed_as_holidays_are_rest_days_anyway_and_not_stored():
    schedule = calendar_schedule.parse({**SCHEDULE_2027, "holidays": ["2027-01-01", "2027-01-02", "2027-01-03"]})
    assert schedule.holidays == (D(2027, 1, 1),) and schedule.weekend_rest_days == (D(2027, 1, 2), D(2027, 1, 3))


def test_a_loaded_year_is_replaced_only_with_replace(december, schedule_file, django_capture_on_commit_callbacks):
    load_in_december(schedule_file())
    with pytest.raises(CommandError) as refused:
        load_in_december(schedule_file({**SCHEDULE_2027, "holidays": SCHEDULE_2027["holidays"][1:]}))
    assert "--replace" in str(refused.value)
    assert reload(december["submitted"]).acceptance_due == D(2027, 1, 5)
    # A corrected notice: 1 January is a working day after all. The replacement moves the deadline back.
    with django_capture_on_commit_callbacks(execute=True):
        load_in_december(schedule_file({**SCHEDULE_2027, "holidays": SCHEDULE_2027["holidays"][1:]}), "--replace")
    assert reload(december["submitted"]).acceptance_due == D(2027, 1, 4)
    assert calendar.is_working_day(D(2027, 1, 1))
    latest = CalendarRevision.objects.filter(year=2027).first()
    assert latest.replaced["holidays"][0] == "2027-01-01" and latest.moved_deadlines == 2
    assert CaseEvent.objects.filter(case_id=december["submitted"], action="deadline_moved").count() == 2


def test_the_flows_timer_follows_a_moved_deadline(volunteer, schedule_file, django_capture_on_commit_callbacks):
    from viewflow.workflow.status import STATUS

    from workflows.models import CaseProcess

    with clock.frozen(at(D(2026, 12, 30))), django_capture_on_commit_callbacks(execute=True):
        case = intake.register_case(actor=volunteer, data=registration_body()).case  # its flow starts

    def missed_on():
        process = CaseProcess.for_case(case.pk).get()
        timer = process.task_set.filter(status=STATUS.SCHEDULED).get()
        return timer.scheduled.astimezone(SHANGHAI).date()

    assert missed_on() == D(2027, 1, 5)  # due 4 January: missed when 5 January begins
    with django_capture_on_commit_callbacks(execute=True):
        load_in_december(schedule_file())
    assert missed_on() == D(2027, 1, 6)


def test_the_case_page_says_how_each_estimated_deadline_was_counted(december, login, mediator):
    """The acceptance period counts working days (only weekends skipped); the mediation period counts
    calendar days and only its last day moves past a rest day (moved past a weekend only)."""
    client = login(mediator)
    with clock.frozen(at(D(2026, 12, 31))):
        submitted = client.get(f"/cases/{december['submitted']}/").content.decode()
        mediating = client.get(f"/cases/{december['mediating']}/").content.decode()
    working_days = "估算：该年度法定节假日安排尚未载入，仅扣除了周末。"
    last_day = "估算：该年度法定节假日安排尚未载入，期限最后一日只在逢周末时顺延，逢节假日尚未顺延。"
    assert working_days in submitted and last_day not in submitted
    assert last_day in mediating and working_days not in mediating

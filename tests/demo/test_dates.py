"""The demo's dates follow the day it is loaded (casedesk.demo.dates): on any day, the desk shows a
believable month, not a year that ended weeks ago with every open case late."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.test import override_settings
from django.utils import timezone
from viewflow.workflow.models import Task

from casedesk.cases import clock, deadlines
from casedesk.cases.choices import Status
from casedesk.cases.models import Case, CaseEvent
from casedesk.demo import dates

LAST_DAY = datetime.date(2026, 11, 2)  # fixtures/demo_cases.py, where the test clock stands
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
OPEN = (Status.SUBMITTED, Status.ACCEPTED, Status.MEDIATING)


def test_dates_move_by_whole_weeks_and_nothing_else_moves():
    assert dates.weeks_after(LAST_DAY, LAST_DAY) == datetime.timedelta(0)
    assert dates.weeks_after(LAST_DAY, LAST_DAY + datetime.timedelta(days=6)) == datetime.timedelta(0)
    assert dates.weeks_after(LAST_DAY, datetime.date(2027, 3, 10)) == datetime.timedelta(days=18 * 7)
    assert dates.weeks_after(LAST_DAY, datetime.date(2026, 1, 5)) == datetime.timedelta(0)
    week = datetime.timedelta(days=7)
    data = {"submitted_at": "2026-10-29 15:30", "steps": [("accept", "tiaojie1", {"signed_on": "2026-12-28"}, "2026-10-30")],
            "id_number": "360730198806150011", "amount": "2026.00", "note": "2026-10-30 前支付",
            "terms": "于2026年10月30日前支付20000元，12月31日前支付剩余款项；2025年8月至12月工资。",
            "reason": "延长至2026年2月30日（笔误）"}
    assert dates.shifted(data, week) == {
        "submitted_at": "2026-11-05 15:30", "steps": [("accept", "tiaojie1", {"signed_on": "2027-01-04"}, "2026-11-06")],
        "id_number": "360730198806150011", "amount": "2026.00", "note": "2026-11-06 前支付",
        # the days inside texts move with the rest (the terms contradicted the schedule); months stay
        "terms": "于2026年11月6日前支付20000元，1月7日前支付剩余款项；2025年8月至12月工资。",
        "reason": "延长至2026年2月30日（笔误）"}
    assert dates.shifted(data, datetime.timedelta(0)) is data


def test_loaded_early_on_the_demos_weekday_the_demo_ends_a_week_before():
    """The demo's last moment is 09:20 on its last day, a Monday: loaded that weekday before 09:20, it ends on
    the Monday before, not later than the time it is loaded."""
    last = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 20))

    def at(day, hour):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))

    week = datetime.timedelta(days=7)
    assert dates.shift(LAST_DAY, last, at(datetime.date(2026, 12, 7), 11)) == 5 * week
    assert dates.shift(LAST_DAY, last, at(datetime.date(2026, 12, 7), 6)) == 4 * week
    assert dates.shift(LAST_DAY, last, at(datetime.date(2026, 12, 9), 6)) == 5 * week
    assert dates.shift(LAST_DAY, last, at(LAST_DAY, 6)) == -week


@pytest.mark.django_db
@pytest.mark.parametrize("today, hour", [(datetime.date(2026, 12, 9), 11), (datetime.date(2027, 3, 10), 11),
                                         (datetime.date(2026, 12, 7), 6)])
def test_loaded_weeks_later_the_demo_ends_this_week_with_open_cases_early_due_and_late(today, hour):
    moment = timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour, 0)))
    with clock.frozen(moment), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        call_command("load_demo", stdout=io.StringIO())
    assert not CaseEvent.objects.filter(at__gt=moment).exists()
    # "Recent changes" on the home page read updated_at: the moment of each case's last change in the
    # demo's own time, not the moment it was loaded (auto_now read the wall clock).
    last_change = dict(CaseEvent.objects.values("case").annotate(at=Max("at")).values_list("case", "at"))
    assert dict(Case.objects.values_list("pk", "updated_at")) == last_change
    # And the tasks: each came up at a change of the demo's time, not when it was loaded.
    moments = set(CaseEvent.objects.values_list("at", flat=True))
    assert Task.objects.exists() and set(Task.objects.values_list("created", flat=True)) <= moments
    latest = timezone.localtime(Case.objects.aggregate(at=Max("submitted_at"))["at"]).date()
    assert today - datetime.timedelta(days=7) <= latest <= today
    open_cases = Case.objects.filter(status__in=OPEN)
    late = open_cases.filter(deadlines.overdue_q(today)).count()
    assert 1 <= late < open_cases.count(), "some open cases late, not all of them"
    year = str(today.year)
    assert Case.objects.filter(number__contains=f"〔{year}〕").exists()

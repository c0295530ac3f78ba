"""From/to parameters: read one way (casedesk.cases.date_range) by the figures, the access log and the case filters."""

import datetime

import pytest
from django.utils import timezone

from casedesk.cases import clock, date_range
from casedesk.cases.errors import InvalidData
from casedesk.cases.models import Case

REVERSED = "结束日期早于开始日期。"
NOT_A_DAY = "日期格式应为 YYYY-MM-DD。"


def fields_of(params, **kwargs):
    with pytest.raises(InvalidData) as refused:
        date_range.parse(params, **kwargs)
    return {name: [str(m) for m in messages] for name, messages in refused.value.fields.items()}


def test_both_ends_are_days_and_either_may_be_left_out():
    assert date_range.parse({"from": "2026-01-01", "to": " 2026-01-31 "}) == date_range.DateRange(
        datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    assert date_range.parse({"to": "2026-01-31"}) == date_range.DateRange(None, datetime.date(2026, 1, 31))
    assert date_range.parse({}) == date_range.DateRange()


def test_a_required_end_left_out_is_named():
    assert set(fields_of({"from": "2026-01-01"}, required=True)) == {"to"}
    assert set(fields_of({}, required=True)) == {"from", "to"}


def test_what_is_not_a_day_is_named_and_a_reversed_range_refused():
    for raw in ("2026-02-30", "2026/01/01", "20260101", "0001-01-01", "9999-12-31", "二〇二六年一月一日"):
        assert fields_of({"from": raw}) == {"from": [NOT_A_DAY]}
    assert fields_of({"from": "2026-02-01", "to": "2026-01-31"}) == {"to": [REVERSED]}
    assert fields_of({"a": "2026-02-01", "b": "x"}, first_name="a", last_name="b") == {"b": [NOT_A_DAY]}


@pytest.mark.django_db
def test_the_range_holds_whole_local_days(register):
    """A case registered at 00:30 in Shanghai (16:30 UTC the day before) is on the Shanghai day."""
    day = datetime.date(2026, 11, 2)  # the suite's frozen day
    with clock.frozen(timezone.make_aware(datetime.datetime(2026, 11, 2, 0, 30))):
        case = register()
    on = Case.objects.filter(date_range.DateRange(day, day).within("submitted_at"))
    before = Case.objects.filter(date_range.DateRange(None, day - datetime.timedelta(days=1)).within("submitted_at"))
    assert list(on) == [case] and list(before) == []


@pytest.mark.django_db
def test_the_figures_the_access_log_and_the_case_filters_refuse_a_reversed_range_in_the_same_words(
        api, client, supervisor):
    client.force_login(supervisor)
    answers = {
        "stats": api(supervisor).get("/api/stats/", {"from": "2026-02-01", "to": "2026-01-31"}),
        "access log": api(supervisor).get("/api/access-log/", {"from": "2026-02-01", "to": "2026-01-31"}),
        "cases": api(supervisor).get("/api/cases/", {"submitted_from": "2026-02-01", "submitted_to": "2026-01-31"}),
    }
    assert {name: (a.status_code, a.json()["fields"]) for name, a in answers.items()} == {
        "stats": (400, {"to": [REVERSED]}),
        "access log": (400, {"to": [REVERSED]}),
        "cases": (400, {"submitted_to": [REVERSED]}),
    }
    for page in ("/reports/stats/?from=2026-02-01&to=2026-01-31", "/reports/access-log/?from=2026-02-01&to=2026-01-31",
                 "/reports/cases/?submitted_from=2026-02-01&submitted_to=2026-01-31"):
        assert REVERSED in client.get(page).content.decode(), page

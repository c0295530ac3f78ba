"""The supervisors' holiday calendar page: enter or paste a year's schedule; the December banner."""

import datetime
import zoneinfo

import pytest

from casedesk.cases import calendar, clock, intake
from casedesk.cases.models import CalendarRevision, CalendarYear, Case, CaseEvent

from ..conftest import registration_body

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
FORM_2027 = {
    "year": "2027", "source": "国办发明电〔2026〕99号", "published_on": "2026-10-25",
    "holidays": "2027-01-01\n2027-02-08~2027-02-12、2027-04-05, 2027-05-03至2027-05-05 2027-10-01 2027-10-04..2027-10-07",
    "workdays": "2027-02-20 2027-05-08 2027-10-09",
}


def at(day):
    return datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def in_december():
    with clock.frozen(at(D(2026, 12, 30))):
        yield


@pytest.fixture
def submitted(volunteer, in_december):
    return intake.register_case(actor=volunteer, data=registration_body()).case  # acceptance due 4 January 2027


def test_a_supervisor_loads_a_year_by_pasting_its_dates(client, supervisor, submitted):
    client.force_login(supervisor)
    assert client.get("/supervisor/calendar/").status_code == 200
    response = client.post("/supervisor/calendar/", FORM_2027)
    assert response.status_code == 302
    assert calendar.covers(2027)
    assert not calendar.is_working_day(D(2027, 2, 10)) and not calendar.is_working_day(D(2027, 10, 6))
    assert calendar.is_working_day(D(2027, 5, 8))
    revision = CalendarRevision.objects.get(year=2027)
    assert len(revision.holidays) == 15 and revision.loaded_by == supervisor
    assert str(revision.published_on) == "2026-10-25"
    assert Case.objects.get(pk=submitted.pk).acceptance_due == D(2027, 1, 5)
    assert CaseEvent.objects.get(case=submitted, action="deadline_moved").actor == supervisor
    page = client.get("/supervisor/calendar/").content.decode()
    assert "国办发明电〔2026〕99号" in page and 'data-year="2027"' in page
    assert "2027年节假日安排已录入，1个未届满的期限已相应调整" in page


def test_a_schedule_with_a_weekday_as_working_weekend_is_refused_on_the_page(client, supervisor, submitted):
    client.force_login(supervisor)
    response = client.post("/supervisor/calendar/", {**FORM_2027, "workdays": "2027-02-19"})
    assert response.status_code == 400
    assert "2027-02-19不是周末" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert Case.objects.get(pk=submitted.pk).acceptance_due == D(2027, 1, 4)


def test_replacing_a_loaded_year_on_the_page_needs_its_confirmation(client, supervisor, submitted):
    client.force_login(supervisor)
    client.post("/supervisor/calendar/", FORM_2027)
    again = {**FORM_2027, "holidays": FORM_2027["holidays"].replace("2027-01-01\n", "")}
    refused = client.post("/supervisor/calendar/", again)
    assert refused.status_code == 400 and "已经录入" in refused.content.decode()
    assert CalendarRevision.objects.filter(year=2027).count() == 1
    assert client.post("/supervisor/calendar/", {**again, "replace": "on"}).status_code == 302
    assert CalendarRevision.objects.filter(year=2027).count() == 2
    assert Case.objects.get(pk=submitted.pk).acceptance_due == D(2027, 1, 4)


@pytest.mark.parametrize("role", ["volunteer", "mediator"])
def test_only_supervisors_keep_the_calendar(client, request, role, in_december):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/supervisor/calendar/").status_code == 403
    assert client.post("/supervisor/calendar/", FORM_2027).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_in_december_supervisors_see_a_banner_while_next_year_has_no_schedule(client, supervisor, mediator):
    client.force_login(supervisor)
    with clock.frozen(at(D(2026, 12, 1))):
        page = client.get("/").content.decode()
        assert 'id="calendar-banner"' in page and "2027年节假日安排尚未录入" in page
        client.post("/supervisor/calendar/", FORM_2027)
        assert 'id="calendar-banner"' not in client.get("/").content.decode()
    client.force_login(mediator)
    with clock.frozen(at(D(2027, 12, 1))):
        assert 'id="calendar-banner"' not in client.get("/").content.decode()  # not a mediator's task


def test_no_banner_before_december(client, supervisor):
    client.force_login(supervisor)
    assert 'id="calendar-banner"' not in client.get("/").content.decode()  # 2 November 2026


def test_the_years_that_came_with_the_desk_name_their_source_in_chinese(client, supervisor):
    client.force_login(supervisor)
    page = client.get("/supervisor/calendar/").content.decode()
    row = page.split('data-year="2026"', 1)[1].split("</tr>", 1)[0]
    assert "国务院办公厅历年节假日安排通知（据 chinese-calendar " in row

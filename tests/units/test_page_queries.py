"""The pages read by unit (issue 18's scale, issue 20's page_<name>_queries for a supervisor of a county
and of the province, bench/pages.py unit_pages) read a constant number of SQL statements however many
cases there are and however many units the tree has: each page is counted with the scenario's tree and
a few cases, then with more units (counties with stations, their mediators and volunteers) and more
cases in them. A count, never a stopwatch."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casedesk.cases import clock

from ..conftest import register_case as register
from ..factories import CaseFactory
from .conftest import unit

pytestmark = pytest.mark.django_db

PAGES = ["/", "/cases/", "/reports/stats/", "/reports/annual/"]


def page_queries(client, url):
    client.get(url)  # warm: the session, the calendar
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [q["sql"] for q in queries.captured_queries]


def add_counties(units, count):
    """`count` more counties under the city, each with a station, a mediator and a volunteer, and cases
    in every one of them and in the east county."""
    for n in range(count):
        county = unit(f"新县{len(units.users)}-{n}", units.city, f"新{len(units.users)}-{n}工调字")
        station = unit(f"新县{n}服务站", county)
        units.user(f"new_mediator_{county.pk}", "mediator", county)
        units.user(f"new_volunteer_{county.pk}", "volunteer", station)
        for where in (county, station, units.east, units.east_station):
            CaseFactory(unit=where, submitted_at=datetime.datetime(2026, 3 + n % 8, 2, tzinfo=datetime.timezone.utc))


def pages_for(client, user, urls):
    client.force_login(user)
    return {url: page_queries(client, url) for url in urls}


@pytest.mark.parametrize("who", ["east_supervisor", "city_supervisor", "root_supervisor"])
def test_the_unit_pages_read_the_same_queries_with_more_units_and_cases(client, units, who):
    if who == "root_supervisor":
        units.user("root_supervisor", "supervisor", units.root)
    user = units.users[who]
    urls = [*PAGES, f"/cases/?unit={units.east.pk}", f"/reports/stats/?unit={units.east.pk}"]
    add_counties(units, 1)
    few = pages_for(client, user, urls)
    add_counties(units, 6)
    many = pages_for(client, user, urls)
    for url in urls:
        assert (url, many[url][0]) == (url, few[url][0]), "\n".join(
            q for q in many[url][1] if q not in few[url][1])
        assert many[url][0] <= 25, url


def reads_of(sql, table):
    return [q for q in sql if f'FROM "{table}"' in q and "INNER JOIN" not in q.split("WHERE")[0]]


@pytest.mark.parametrize("url", ["/reports/stats/", "/reports/annual/"])
def test_the_figures_pages_read_the_tree_and_the_event_kinds_once(client, units, url):
    add_counties(units, 3)
    client.force_login(units.users["city_supervisor"])
    # December, next year's holidays not loaded yet: the annual report also asks whether they are.
    with clock.frozen(datetime.date(2026, 12, 7)):
        count, sql = page_queries(client, url)
    # Before: the subtree read for the choice list and again for each breakdown by child unit (this
    # year's, and last year's on the annual report), the kinds of outreach event for each year: 28
    # queries on the annual report in December with the bench's province.
    assert len([q for q in reads_of(sql, "units_unit") if "LIKE" in q]) == 1
    assert len(reads_of(sql, "outreach_eventkind")) == 1
    assert count <= 25
    html = client.get(url).content.decode()
    assert all(f'value="{county.pk}"' in html for county in units.city.children.all())


def tasks_listed(html):
    return html.split('id="my-tasks"')[1].split("</section>")[0].count("<li>")


def test_the_inbox_of_a_county_supervisor_reads_the_same_queries_for_2_and_8_tasks(
        client, units, django_capture_on_commit_callbacks):
    station_volunteer, supervisor = units.users["east_station_volunteer"], units.users["east_supervisor"]

    def register_case(volunteer):
        with django_capture_on_commit_callbacks(execute=True):  # the case's flow starts: a task
            return register(volunteer)

    elsewhere = [register_case(units.users["west_volunteer"]) for _ in range(2)]  # not the east's: not listed
    client.force_login(supervisor)
    for _ in range(2):
        register_case(station_volunteer)
    few, _ = page_queries(client, "/")
    assert tasks_listed(client.get("/").content.decode()) == 2
    for _ in range(6):
        register_case(station_volunteer)
    many, sql = page_queries(client, "/")
    html = client.get("/").content.decode()
    assert tasks_listed(html) == 8
    tasks = html.split('id="my-tasks"')[1].split("</section>")[0]
    assert not any(f'href="/cases/{case.pk}/' in tasks for case in elsewhere)
    assert tasks.count(elsewhere[0].respondent.name) == 8  # registration_body's employer, on every row
    # Before: one query for each task's employer (the cases came without it): 2 more with 8 tasks.
    assert many == few <= 25
    # The processes of the county's cases are found through viewflow's (content type, object id) index.
    inbox = [q for q in sql if 'FROM "viewflow_task"' in q]
    assert inbox and all('"artifact_content_type_id" =' in q for q in inbox)

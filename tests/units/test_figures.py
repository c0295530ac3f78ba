"""Figures by unit (issue 18): two counties under one city, each with a service station. Each unit's
figures count it and every unit below it, with a breakdown by child unit that adds up (the city is
the sum of its counties and its own cases); every figure, and every cell of the breakdown, drills
down to exactly the cases it counts; a unit outside the user's is refused, never a 500; what the
unit prints (pages, workbook, PDF, calendar, reminder mail) carries its own name."""

import io
import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from casedesk.cases import transitions
from casedesk.reports import jobs, periods, reminders, stats
from casedesk.reports.models import Reminder
from casedesk.reports.templatetags.reports_tags import figure_url

from ..conftest import register_case
from ..documents.conftest import pdf_text

pytestmark = pytest.mark.django_db

YEAR = {"from": "2026-01-01", "to": "2026-12-31"}
COUNTED = ("cases", "accepted_cases", "closed_cases", "workers_served", "collective_cases", "platform_cases")


@pytest.fixture
def desk(units):
    """Cases in every unit: the east station 2 (one accepted, 3 workers), the east county 1, the west
    station 1, the west county 1, the city itself 1."""
    u = units.users
    units.user("east_volunteer", "volunteer", units.east)
    units.user("west_station_volunteer", "volunteer", units.west_station)
    units.user("city_volunteer", "volunteer", units.city)
    units.cases = {
        "east_station": [register_case(u["east_station_volunteer"], workers=3),
                         register_case(u["east_station_volunteer"])],
        "east": [register_case(u["east_volunteer"])],
        "west_station": [register_case(u["west_station_volunteer"], workers=2)],
        "west": [register_case(u["west_volunteer"])],
        "city": [register_case(u["city_volunteer"])],
    }
    transitions.perform(units.cases["east_station"][0], "accept", u["east_supervisor"])
    return units


def ids_of(cases):
    return {c.pk for c in cases}


def stats_of(client, **params):
    response = client.get(f"/api/stats/?{urlencode({**YEAR, **params})}")
    assert response.status_code == 200, response.json()
    return response.json()


def listed_ids(client, url):
    response = client.get(f"{url}&page_size=100")
    assert response.status_code == 200, (url, response.json())
    return {row["id"] for row in response.json()["results"]}


def test_the_city_is_the_sum_of_its_counties_and_its_own_cases(desk, api):
    client = api(desk.users["city_supervisor"])
    city = stats_of(client)  # the supervisor's own unit by default
    east = stats_of(client, unit=desk.east.pk)
    west = stats_of(client, unit=desk.west.pk)
    assert city["unit"] == {"id": desk.city.pk, "name": "某市总工会"}
    assert (city["cases"], east["cases"], west["cases"]) == (6, 3, 2)
    lines = {(line["unit"]["name"], line["own"]): line for line in city["breakdown"]}
    assert list(lines) == [("东县总工会", False), ("西县总工会", False), ("某市总工会", True)]
    for name in COUNTED:
        assert sum(line[name] for line in city["breakdown"]) == city[name], name
        assert lines["东县总工会", False][name] == east[name], name
        assert lines["西县总工会", False][name] == west[name], name
    assert city["cases"] == east["cases"] + west["cases"] + lines["某市总工会", True]["cases"]
    assert (east["accepted_cases"], east["workers_served"], west["workers_served"]) == (1, 5, 3)
    assert sum(Decimal(line["recovered_amount"]) for line in city["breakdown"]) == Decimal(city["recovered_amount"])
    # A county's own breakdown: its station, then its own cases.
    assert [(line["unit"]["name"], line["own"], line["cases"]) for line in east["breakdown"]] == [
        ("东县开发区职工维权服务站", False, 2), ("东县总工会", True, 1)]
    # A unit with none below it has one line, its own.
    station = stats_of(client, unit=desk.east_station.pk)
    assert [(line["own"], line["cases"]) for line in station["breakdown"]] == [(True, 2)]


def test_every_breakdown_cell_and_figure_drills_down_to_exactly_its_cases(desk, api):
    client = api(desk.users["city_supervisor"])
    city = stats_of(client)
    c = desk.cases
    expected = {
        ("东县总工会", False): ids_of(c["east_station"] + c["east"]),
        ("西县总工会", False): ids_of(c["west_station"] + c["west"]),
        ("某市总工会", True): ids_of(c["city"]),
    }
    for line in city["breakdown"]:
        listed = listed_ids(client, line["drilldown"]["cases"])
        assert listed == expected[line["unit"]["name"], line["own"]]
        assert len(listed_ids(client, line["drilldown"]["accepted_cases"])) == line["accepted_cases"]
    assert listed_ids(client, city["drilldown"]["cases"]) == set().union(*expected.values())
    east = stats_of(client, unit=desk.east.pk)
    assert listed_ids(client, east["drilldown"]["cases"]) == ids_of(c["east_station"] + c["east"])
    assert listed_ids(client, east["drilldown"]["by_status"]["accepted"]) == {c["east_station"][0].pk}


def test_a_county_sees_only_its_own_figures_and_a_unit_outside_them_is_refused(desk, api, login):
    east_supervisor = desk.users["east_supervisor"]
    client = api(east_supervisor)
    own = stats_of(client)
    assert (own["unit"]["name"], own["cases"]) == ("东县总工会", 3)
    for bad in (desk.west.pk, desk.city.pk, desk.root.pk, 999999, "东县", "1;2", "9" * 40):
        response = client.get(f"/api/stats/?{urlencode({**YEAR, 'unit': bad})}")
        assert response.status_code == 400, bad
        assert response.json()["fields"]["unit"], bad
    page = login(east_supervisor).get("/reports/stats/", {**YEAR, "unit": desk.west.pk})
    assert page.status_code == 200 and "figures" not in page.context
    assert "没有这个单位" in page.content.decode()
    annual = login(east_supervisor).get("/reports/annual/", {"year": "2026", "unit": desk.city.pk})
    assert annual.status_code == 200 and "figures" not in annual.context
    assert "没有这个单位" in annual.content.decode()
    # The drill-down list and the export refuse another county's unit too.
    listed = login(east_supervisor).get("/reports/cases/", {"unit": desk.west.pk})
    assert listed.status_code == 200 and listed.context["page"].paginator.count == 0
    assert listed.context["filter_error"].fields["unit"]
    refused = login(east_supervisor).post("/reports/annual/export/", {"year": "2026", "format": "xlsx",
                                                                       "unit": desk.west.pk})
    assert refused.status_code == 400
    # Mediators and volunteers see no figures, as before.
    for name in ("east_mediator", "east_station_volunteer"):
        assert api(desk.users[name]).get(f"/api/stats/?{urlencode(YEAR)}").status_code == 403
        assert login(desk.users[name]).get("/reports/stats/").status_code in (302, 403)


def test_the_statistics_page_has_the_breakdown_whose_links_list_what_it_counts(desk, login):
    client = login(desk.users["city_supervisor"])
    response = client.get("/reports/stats/", YEAR)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="figures-unit">某市总工会<' in html and 'id="figures-unit-choice"' in html
    table = next(t for t in response.context["tables"] if t.key == "by_unit")
    assert [row[0].value for row in table.rows] == ["东县总工会", "西县总工会", "某市总工会（本级）", "合计"]
    assert [row[1].value for row in table.rows] == [3, 2, 1, 6]
    checked = 0
    for row in table.rows:
        for column, cell in zip(table.columns, row, strict=True):
            if cell.filters is None or isinstance(cell.value, Decimal):
                continue
            if column in ("案件当事职工（人次）", "咨询人次", "活动服务职工（人次）"):  # sums of people, not counts
                continue
            listed = client.get(figure_url(cell))
            assert listed.status_code == 200
            assert listed.context["page"].paginator.count == cell.value, (row[0].value, column)
            checked += 1
    assert checked >= 20
    # A station's figures: chosen from the list, no breakdown (nothing below it).
    station = client.get("/reports/stats/", {**YEAR, "unit": desk.west_station.pk})
    assert station.context["figures"].cases == 1
    assert "by_unit" not in [t.key for t in station.context["tables"]]


def test_the_annual_report_of_the_city_sums_its_counties(desk, login):
    year = periods.year(2026)
    city, east, west = (stats.figures_for(year, unit) for unit in (desk.city, desk.east, desk.west))
    own = next(line for line in city.breakdown if not line.subunits)
    for name in COUNTED:
        assert getattr(city, name) == getattr(east, name) + getattr(west, name) + getattr(own, name), name
    client = login(desk.users["city_supervisor"])
    page = client.get("/reports/annual/", {"year": "2026"})
    assert page.status_code == 200
    assert 'id="figures-unit">某市总工会<' in page.content.decode()
    assert page.context["figures"].cases == 6
    east_page = client.get("/reports/annual/", {"year": "2026", "unit": desk.east.pk})
    assert 'id="figures-unit">东县总工会<' in east_page.content.decode()
    assert east_page.context["figures"].cases == 3


def test_the_annual_workbook_and_pdf_carry_the_units_name_and_its_cases(desk, login):
    client = login(desk.users["city_supervisor"])
    response = client.post("/reports/annual/export/", {"year": "2026", "format": "xlsx", "unit": desk.east.pk})
    job = jobs.ReportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))
    assert job.state == "done", job.error
    book = load_workbook(io.BytesIO(b"".join(client.get(f"/reports/jobs/{job.pk}/download/").streaming_content)))
    cover = [row[0] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert cover[1] == "东县总工会"
    case_list = list(book.worksheets[-1].iter_rows(values_only=True))[1:]
    expected = desk.cases["east_station"] + desk.cases["east"]
    assert sorted(row[0] for row in case_list) == sorted(c.number for c in expected)
    by_unit = next(sheet for sheet in book.worksheets if sheet.title == "按单位统计")
    assert [row[:2] for row in by_unit.iter_rows(values_only=True)][1:] == [
        ("东县开发区职工维权服务站", 2), ("东县总工会（本级）", 1), ("合计", 3)]
    pdf_job = jobs.start(kind=jobs.ANNUAL_PDF, params={"year": 2026, "unit": desk.west.pk},
                         user=desk.users["city_supervisor"])
    pdf_job.refresh_from_db()
    assert pdf_job.state == "done", pdf_job.error
    text = pdf_text(pdf_job.result.open("rb").read())
    assert text.startswith("西县总工会·2026年度统计"), text[:40]
    assert "某某县总工会" not in text


def test_the_calendar_and_the_reminder_mail_name_the_unit(desk, login):
    case = desk.cases["west"][0]
    reminder = Reminder(case=case, kind="mediation", due=case.submitted_at.date(), overdue=False,
                        recipient=desk.users["west_supervisor"])
    _subject, body = reminders.message(reminder)
    assert "西县总工会" in body and "某某县总工会" not in body
    client = login(desk.users["east_mediator"])
    page = client.post("/account/calendar/", {"action": "new"}).content.decode()
    address = re.search(r'id="feed-address" type="text" readonly value="([^"]+)"', page).group(1)
    feed = client.get(address.replace("http://127.0.0.1:8000", "")).content.decode()
    assert "东县总工会" in feed and "某某县总工会" not in feed


def test_consultations_and_events_belong_to_the_recording_users_unit_and_count_in_its_figures(desk, api):
    from casedesk.consultations import services as consultation_services
    from casedesk.outreach import services as outreach_services

    from ..consultations.conftest import consultation_body
    from ..outreach.conftest import event_body

    u = desk.users
    asked = consultation_services.record_consultation(actor=u["east_station_volunteer"],
                                                      data=consultation_body(people=3))
    west_asked = consultation_services.record_consultation(actor=u["west_volunteer"], data=consultation_body())
    held = outreach_services.record_event(actor=u["east_mediator"], data=event_body(people_served=40))
    assert (asked.unit, west_asked.unit, held.unit) == (desk.east_station, desk.west, desk.east)

    # A supervisor sees those of their unit and below it; another county's answer 404.
    west = api(u["west_supervisor"])
    assert west.get(f"/api/consultations/{asked.pk}/").status_code == 404
    assert west.get(f"/api/outreach-events/{held.pk}/").status_code == 404
    assert west.get(f"/api/consultations/{west_asked.pk}/").status_code == 200
    city = api(u["city_supervisor"])
    assert city.get(f"/api/consultations/{asked.pk}/").status_code == 200
    assert city.get(f"/api/outreach-events/{held.pk}/").status_code == 200

    # Figures by subtree, each drilling down to exactly its records.
    east, west_figures, whole = (stats_of(city, unit=desk.east.pk), stats_of(city, unit=desk.west.pk),
                                 stats_of(city))
    assert (east["consultations"]["records"], east["consultations"]["people"]) == (1, 3)
    assert (east["outreach"]["events"], east["outreach"]["people_served"]) == (1, 40)
    assert (west_figures["consultations"]["records"], west_figures["outreach"]["events"]) == (1, 0)
    assert (whole["consultations"]["records"], whole["outreach"]["events"]) == (2, 1)
    assert east["people_served"]["total"] == east["workers_served"] + 3 + 40
    assert listed_ids(city, east["drilldown"]["consultations"]["records"]) == {asked.pk}
    assert listed_ids(city, east["drilldown"]["outreach"]["events"]) == {held.pk}
    assert listed_ids(city, whole["drilldown"]["consultations"]["records"]) == {asked.pk, west_asked.pk}
    assert listed_ids(west, west_figures["drilldown"]["consultations"]["records"]) == {west_asked.pk}


def test_the_breakdown_counts_each_child_units_consultations_and_events_and_lists_them(desk, api, login):
    from casedesk.consultations import services as consultation_services
    from casedesk.outreach import services as outreach_services

    from ..consultations.conftest import consultation_body
    from ..outreach.conftest import event_body

    u = desk.users
    east = [consultation_services.record_consultation(actor=u["east_station_volunteer"],
                                                      data=consultation_body(people=3)),
            consultation_services.record_consultation(actor=u["east_volunteer"], data=consultation_body())]
    west = [consultation_services.record_consultation(actor=u["west_volunteer"], data=consultation_body(people=2))]
    city = [consultation_services.record_consultation(actor=u["city_volunteer"], data=consultation_body())]
    held = outreach_services.record_event(actor=u["east_mediator"], data=event_body(people_served=40))

    whole = stats_of(api(u["city_supervisor"]))
    lines = {(line["unit"]["name"], line["own"]): line for line in whole["breakdown"]}
    counted = {key: (line["consultations"], line["people_in_consultations"], line["outreach_events"],
                     line["people_at_events"]) for key, line in lines.items()}
    assert counted == {("东县总工会", False): (2, 4, 1, 40), ("西县总工会", False): (1, 2, 0, 0),
                       ("某市总工会", True): (1, 1, 0, 0)}
    assert sum(line["consultations"] for line in whole["breakdown"]) == whole["consultations"]["records"]
    assert sum(line["people_at_events"] for line in whole["breakdown"]) == whole["outreach"]["people_served"]
    client = api(u["city_supervisor"])
    for key, records in ((("东县总工会", False), east), (("西县总工会", False), west), (("某市总工会", True), city)):
        assert listed_ids(client, lines[key]["drilldown"]["consultations"]) == ids_of(records), key
    assert listed_ids(client, lines["东县总工会", False]["drilldown"]["outreach_events"]) == {held.pk}
    assert listed_ids(client, lines["西县总工会", False]["drilldown"]["outreach_events"]) == set()

    page = login(u["city_supervisor"]).get("/reports/stats/", YEAR)
    table = next(t for t in page.context["tables"] if t.key == "by_unit")
    column = {name: table.columns.index(name) for name in ("法律咨询和法律援助服务", "咨询人次", "开展宣传服务活动（场次）",
                                                           "活动服务职工（人次）")}
    assert [[row[i].value for i in column.values()] for row in table.rows] == [
        [2, 4, 1, 40], [1, 2, 0, 0], [1, 1, 0, 0], [4, 7, 1, 40]]
    for row in table.rows:
        for name in ("法律咨询和法律援助服务", "开展宣传服务活动（场次）"):
            cell = row[column[name]]
            listed = login(u["city_supervisor"]).get(figure_url(cell))
            assert listed.status_code == 200
            assert listed.context["page"].paginator.count == cell.value, (row[0].value, name)

"""Where a transfer (转办/派单) may go: down into the sending supervisor's subtree, up to a unit above
the case's unit, across only to a unit that agreed to receive the case's unit's transfers (a
TransferAgreement, which covers the units below both). One rule (casedesk.units.transfers) for the
step, the case page's choices and GET /api/units/; a refused destination changes nothing."""

import re

import pytest
from django.core.exceptions import ValidationError

from casedesk.cases import steps
from casedesk.cases.errors import InvalidData
from casedesk.cases.models import Case
from casedesk.units.models import TransferAgreement

from ..conftest import register_case, unchanged

pytestmark = pytest.mark.django_db

REFUSED = "不能转办至该单位"


def transfer_choices(client, case):
    """The unit ids the case page's transfer form offers."""
    page = client.get(f"/cases/{case.pk}/").content.decode()
    select = re.search(r'<select name="unit"[^>]*id="id_transfer_unit".*?</select>', page, re.S)
    assert select, "no transfer form on the page"
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select.group(0))}


def api_choices(client, case):
    response = client.get(f"/api/units/?case={case.pk}")
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()}


def test_a_county_sends_down_and_up_without_an_agreement(units, login, api):
    u = units.users
    case = register_case(u["east_station_volunteer"])
    # Up: from the station to its county, then from the county to the city above it.
    steps.record(case, "transfer", u["east_supervisor"], unit=units.east.pk, reason="案情复杂，由县总工会办理")
    assert Case.objects.get(pk=case.pk).unit == units.east
    # Down: from the county back to its station, through the API.
    response = api(u["east_supervisor"]).post(f"/api/cases/{case.pk}/transfer/",
                                              {"unit": units.east_station.pk, "reason": "属地办理"}, format="json")
    assert response.status_code == 200, response.content
    assert Case.objects.get(pk=case.pk).unit == units.east_station
    response = login(u["east_supervisor"]).post(f"/cases/{case.pk}/steps/transfer/",
                                                {"unit": units.city.pk, "reason": "涉及两县，报市总工会"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).unit == units.city
    # The city sends it down into either county: both are below it.
    steps.record(case, "transfer", u["city_supervisor"], unit=units.west_station.pk, reason="用人单位在西县新城")
    assert Case.objects.get(pk=case.pk).unit == units.west_station


def test_across_without_an_agreement_is_refused_on_the_desk_and_in_the_api(units, login, api):
    u = units.users
    case = register_case(u["east_station_volunteer"])
    desk, client = login(u["east_supervisor"]), api(u["east_supervisor"])
    below_and_above = {units.east.pk, units.city.pk, units.root.pk}
    assert transfer_choices(desk, case) == below_and_above
    assert api_choices(client, case) == below_and_above
    for target in (units.west, units.west_station):
        with unchanged(case), pytest.raises(InvalidData) as refused:
            steps.record(case, "transfer", u["east_supervisor"], unit=target.pk, reason="转办")
        assert REFUSED in str(refused.value.fields["unit"][0])
        with unchanged(case):
            response = desk.post(f"/cases/{case.pk}/steps/transfer/", {"unit": target.pk, "reason": "转办"})
        assert response.status_code == 400 and REFUSED in response.content.decode()
        with unchanged(case):
            response = client.post(f"/api/cases/{case.pk}/transfer/", {"unit": target.pk, "reason": "转办"},
                                   format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 400 and REFUSED in response.json()["fields"]["unit"][0]
    # Without a case, a county's supervisor is offered its subtree and the units above it.
    assert {row["id"] for row in client.get("/api/units/").json()} == {
        units.east.pk, units.east_station.pk, units.city.pk, units.root.pk}


def test_across_with_an_agreement_covers_both_counties_stations_one_way(units, login, api):
    u = units.users
    units.agree(units.east, units.west)
    case = register_case(u["east_station_volunteer"])
    everything_else = {units.east.pk, units.city.pk, units.root.pk, units.west.pk, units.west_station.pk}
    assert transfer_choices(login(u["east_supervisor"]), case) == everything_else
    assert api_choices(api(u["east_supervisor"]), case) == everything_else
    # The agreement of the east county covers its station's case; the west county's covers its station.
    response = login(u["east_supervisor"]).post(f"/cases/{case.pk}/steps/transfer/",
                                                {"unit": units.west_station.pk, "reason": "用人单位在西县新城"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).unit == units.west_station
    # One way only: the west county did not get the east county's agreement to send back.
    case.refresh_from_db()
    with unchanged(case), pytest.raises(InvalidData):
        steps.record(case, "transfer", u["west_supervisor"], unit=units.east.pk, reason="退回")
    assert units.east.pk not in api_choices(api(u["west_supervisor"]), case)
    units.agree(units.west, units.east)
    steps.record(case, "transfer", u["west_supervisor"], unit=units.east_station.pk, reason="退回属地")
    assert Case.objects.get(pk=case.pk).unit == units.east_station


def test_the_units_for_a_case_answer_as_the_case_does(units, api):
    u = units.users
    case = register_case(u["east_station_volunteer"])
    assert api(u["west_supervisor"]).get(f"/api/units/?case={case.pk}").status_code == 404
    assert api(u["east_mediator"]).get(f"/api/units/?case={case.pk}").status_code == 404
    refused = api(u["east_station_volunteer"]).get(f"/api/units/?case={case.pk}")
    assert refused.status_code == 403 and refused.json()["error"]
    bad = api(u["east_supervisor"]).get("/api/units/?case=东县")
    assert bad.status_code == 400 and "case" in bad.json()["fields"]


def test_a_superuser_keeps_agreements_between_neighbours_in_the_admin(units, admin_client):
    add = "/admin/units/transferagreement/add/"
    with unchanged():
        response = admin_client.post(add, {"from_unit": units.east.pk, "to_unit": units.east_station.pk,
                                           "agreed_on": "2026-10-01", "note": ""})
    assert response.status_code == 200 and "无需约定" in response.content.decode()
    assert not TransferAgreement.objects.exists()
    response = admin_client.post(add, {"from_unit": units.east.pk, "to_unit": units.west.pk,
                                       "agreed_on": "2026-10-01", "note": "市总工会协调会议纪要"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert TransferAgreement.objects.filter(from_unit=units.east, to_unit=units.west).exists()
    assert "西县总工会" in admin_client.get("/admin/units/transferagreement/").content.decode()
    with pytest.raises(ValidationError):
        TransferAgreement(from_unit=units.west, to_unit=units.west, agreed_on="2026-10-01").full_clean()

"""Which union unit is nearest: asked on /apply/ (and taken by the API) when the desk has several
units, not asked when it has one; the case is registered in the unit chosen, numbered by it, and
found by that unit's mediators and supervisors (and those above), by no other unit's."""

import pytest
from rest_framework.test import APIClient

from casedesk.cases import access
from casedesk.cases.models import Case
from casedesk.units import tree

from ..conftest import unchanged
from ..units.conftest import Tree
from .conftest import CHINESE, application_post, field_errors
from .test_api import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    """The scenario's tree (a city, two counties, a station under each) with staff of each county."""
    t = Tree()
    for where in ("east", "west"):
        for role in ("mediator", "supervisor"):
            t.user(f"{where}_{role}", role, getattr(t, where))
    t.user("city_supervisor", "supervisor", t.city)
    return t


def test_with_one_unit_nothing_is_asked_and_the_case_goes_to_it(client):
    page = client.get("/apply/").content.decode()
    assert 'id="unit-choice"' not in page and 'name="unit"' not in page
    assert APIClient().get("/api/portal/units/").json() == []
    assert client.post("/apply/", application_post()).status_code == 302
    assert Case.objects.get().unit == tree.root()


def test_with_several_units_the_page_asks_which_is_nearest(client, units):
    page = client.get("/apply/").content.decode()
    choice = page.split('id="unit-choice"', 1)[1].split("</section>", 1)[0]
    assert 'name="unit"' in choice and "离您最近" in choice
    for unit in (units.east, units.west, units.east_station, units.west_station):
        assert f'<option value="{unit.pk}">{unit.name}</option>' in choice
    listed = APIClient().get("/api/portal/units/").json()
    assert {"id": units.east.pk, "name": "东县总工会"} in listed and len(listed) == 6


@pytest.mark.parametrize("value", ["", "999999", "99999999999999999999", "东县", "-1", "1.0"])
def test_no_unit_or_one_that_does_not_exist_is_refused_next_to_the_field(client, units, value):
    with unchanged():
        response = client.post("/apply/", application_post(unit=value))
    assert response.status_code == 400
    errors = field_errors(response.content.decode(), "unit")
    assert errors and all(CHINESE.search(e) for e in errors)


def test_the_case_is_registered_in_the_unit_chosen_and_its_staff_find_it(client, units):
    assert client.post("/apply/", application_post(unit=str(units.east.pk))).status_code == 302
    case = Case.objects.get()
    assert case.unit == units.east and "东工调字" in case.number
    seen = {name for name, user in units.users.items() if access.can_see(user, case)}
    assert seen == {"east_mediator", "east_supervisor", "city_supervisor"}


def test_a_station_chosen_numbers_with_its_county_and_its_county_supervisors_find_it(client, units):
    assert client.post("/apply/", application_post(unit=str(units.west_station.pk))).status_code == 302
    case = Case.objects.get()
    assert case.unit == units.west_station and "西工调字" in case.number
    assert access.can_see(units.users["west_supervisor"], case)
    assert not access.can_see(units.users["east_supervisor"], case)


def test_the_api_takes_the_unit_and_refuses_an_application_without_one(units):
    with unchanged():
        refused = APIClient().post("/api/portal/applications/", body(), format="json")
    assert refused.status_code == 400 and "unit" in refused.json()["fields"]
    created = APIClient().post("/api/portal/applications/", body(unit=units.west.pk), format="json")
    assert created.status_code == 201, created.content[:300]
    assert Case.objects.get().unit == units.west

"""The desk's side of the online application API: the applications awaiting review that a user may
see (casedesk.cases.access), registering one (= the transition accept: the portal already registered
it as a submitted case) and declining one with a reason (the transition reject); refusals as JSON."""

import datetime

import pytest
from rest_framework.test import APIClient

from casedesk.cases.models import Case
from casedesk.portal.models import Application

from ..conftest import NOW, REASON, id_number, unchanged
from ..portal.conftest import application_post
from ..portal.test_api import body
from ..portal.test_evidence import pdf, photo
from ..portal.test_unit_choice import units  # noqa: F401 (a fixture: two counties and their staff)

pytestmark = pytest.mark.django_db

URL = "/api/portal/applications/"


def apply(**overrides):
    response = APIClient().post(URL, body(**overrides), format="json")
    assert response.status_code == 201, response.content[:300]
    return response.json()["tracking_number"]


def test_the_queue_lists_submitted_applications_the_user_may_see(api, supervisor, mediator, volunteer, register):
    sent = APIClient().post(URL, {**application_post(), "evidence": [photo(), pdf()]}, format="multipart")
    number = sent.json()["tracking_number"]
    register()  # a case typed in at the counter is no online application
    listed = api(supervisor).get(URL).json()
    assert listed["count"] == 1
    item = listed["results"][0]
    case = Application.objects.get().case
    created = item.pop("created_at")
    assert item == {"tracking_number": number, "case_id": case.pk, "case_number": case.number, "status": "submitted",
                    "unit": case.unit.name, "evidence_count": 2}
    assert datetime.datetime.fromisoformat(created) == NOW
    assert api(mediator).get(URL).json()["count"] == 1
    assert api(volunteer).get(URL).json()["count"] == 1  # the unit's volunteers review its online applications
    assert api(None).get(URL).status_code == 401


def test_the_queue_of_a_unit_holds_its_own_and_its_stations_applications(api, units):  # noqa: F811
    east = apply(unit=units.east_station.pk, name="赵东站")
    west = apply(unit=units.west.pk, name="钱西县", id_number=id_number(40))
    numbers = lambda user: {a["tracking_number"] for a in api(user).get(URL).json()["results"]}  # noqa: E731
    assert numbers(units.users["east_supervisor"]) == {east}
    assert numbers(units.users["west_supervisor"]) == {west}
    assert numbers(units.users["city_supervisor"]) == {east, west}
    assert numbers(units.users["west_mediator"]) == {west}


def test_registering_accepts_the_case_and_it_leaves_the_queue(api, mediator, django_capture_on_commit_callbacks):
    number = apply()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(mediator).post(f"{URL}{number}/register/", format="json")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["status"] == "accepted"
    case = Case.objects.get()
    assert case.status == "accepted" and case.events.filter(action="accept", actor=mediator).count() == 1
    assert case.documents.filter(kind="acceptance_notice").exists()
    assert api(mediator).get(URL).json()["count"] == 0
    with unchanged(case):
        again = api(mediator).post(f"{URL}{number}/register/", format="json")
    assert again.status_code == 409 and set(again.json()) == {"error", "detail", "fields"}


def test_declining_rejects_with_the_reason_the_worker_sees(api, supervisor, mediator, django_capture_on_commit_callbacks):
    number = apply()
    case = Case.objects.get()
    with unchanged(case):
        assert api(mediator).post(f"{URL}{number}/decline/", REASON, format="json").status_code == 403
        refused = api(supervisor).post(f"{URL}{number}/decline/", {"reason": ""}, format="json")
        assert refused.status_code == 400 and "reason" in refused.json()["fields"]
        assert api(supervisor).post(f"{URL}{number}/decline/", "[]", content_type="application/json").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = api(supervisor).post(f"{URL}{number}/decline/", REASON, format="json")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    case.refresh_from_db()
    assert case.status == "rejected" and case.events.get(action="reject").data["reason"] == REASON["reason"]
    assert case.documents.filter(kind="rejection_notice").exists()


def test_an_application_the_user_may_not_see_does_not_exist_for_them(api, volunteer, units):  # noqa: F811
    number = apply(unit=units.east.pk)
    case = Case.objects.get()
    with unchanged(case):
        for user in (units.users["west_supervisor"], units.users["west_mediator"], volunteer):
            for action in ("register", "decline"):
                response = api(user).post(f"{URL}{number}/{action}/", REASON, format="json")
                assert response.status_code == 404 and response.json()["error"] == "not_found"
        assert api(units.users["east_supervisor"]).post(f"{URL}20261102000000/register/").status_code == 404
        assert api(None).post(f"{URL}{number}/register/").status_code == 401

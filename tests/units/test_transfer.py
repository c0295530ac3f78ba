"""Transfer (转办) between units, issue 18's scenario: a station's volunteer registers, the county's
supervisor transfers the case to the other county (which agreed to receive the first county's
transfers), whose supervisor then finds it with its number
and its history; the first county's mediators and supervisor get 404. An audited step, not a state
change; refusals change nothing."""

import pytest

from casedesk.cases import access, steps, transitions
from casedesk.cases.errors import InvalidData, NotPermitted, TransitionNotAllowed
from casedesk.cases.models import Case, CaseEvent
from casedesk.documents import rendering
from casedesk.units import tree
from casedesk.units.models import Unit

from ..conftest import register_case, unchanged

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("via", ["desk", "api"])
def test_a_county_transfers_a_station_case_to_the_other_county(units, login, api, via):
    u = units.users
    units.agree(units.east, units.west)
    case = register_case(u["east_station_volunteer"])
    number, history = case.number, list(CaseEvent.objects.filter(case=case).values_list("hash", flat=True))
    assert not access.can_see(u["west_supervisor"], case)

    transfer = {"unit": units.west.pk, "reason": "用人单位注册地在西县"}
    if via == "desk":
        response = login(u["east_supervisor"]).post(f"/cases/{case.pk}/steps/transfer/", transfer)
        assert response.status_code == 302 and response["Location"] == "/cases/"  # gone from their sight
    else:
        response = api(u["east_supervisor"]).post(f"/api/cases/{case.pk}/transfer/", transfer, format="json")
        assert response.status_code == 200, response.content
        assert response.json() == {"id": case.pk, "number": number, "status": "submitted", "seq": 2,
                                   "unit": {"id": units.west.pk, "name": "西县总工会", "parent": units.city.pk},
                                   "visible": False}

    case = Case.objects.get(pk=case.pk)
    assert (case.unit, case.number, case.status) == (units.west, number, "submitted")
    events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    assert [e.hash for e in events[:-1]] == history  # its history kept, the transfer appended
    last = events[-1]
    assert (last.action, last.from_state, last.to_state) == ("transfer", "submitted", "submitted")
    assert last.data["from_unit_name"] == "东县开发区职工维权服务站" and last.data["to_unit_name"] == "西县总工会"
    assert last.actor == u["east_supervisor"]

    # The receiving county's supervisor and mediators find it, with its number and its history.
    west = api(u["west_supervisor"])
    assert case.number in {row["number"] for row in west.get("/api/cases/").json()["results"]}
    timeline = west.get(f"/api/cases/{case.pk}/timeline/")
    assert timeline.status_code == 200 and "transfer" in timeline.content.decode()
    assert access.can_see(u["west_mediator"], case)
    page = login(u["west_supervisor"]).get(f"/cases/{case.pk}/").content.decode()
    assert "转办至其他单位" in page and "用人单位注册地在西县" in page
    # The first county's mediators and supervisor, and the station's volunteer, get 404; the city sees it.
    for name in ("east_mediator", "east_supervisor", "east_station_volunteer"):
        assert login(u[name]).get(f"/cases/{case.pk}/").status_code == 404, name
        assert api(u[name]).get(f"/api/cases/{case.pk}/").status_code == 404, name
        assert api(u[name]).post(f"/api/cases/{case.pk}/transfer/", {"unit": units.east.pk, "reason": "转回"},
                                 format="json").status_code == 404, name
    assert access.can_see(u["city_supervisor"], case)

    # Worked on at the receiving county: its documents carry that county's name and numbering.
    case = transitions.perform(case, "accept", u["west_supervisor"])
    document = rendering.render_document(case, "acceptance_notice", u["west_supervisor"])
    assert document.number == "〔2026〕西工调受字第0001号"


def test_a_transfer_is_refused_unchanged_out_of_its_states_to_its_own_unit_or_by_others(units, walk):
    u = units.users
    units.agree(units.east, units.west)
    case = register_case(u["east_station_volunteer"])
    with unchanged(case), pytest.raises(InvalidData) as bad:
        steps.record(case, "transfer", u["east_supervisor"], unit=units.east_station.pk, reason="原单位")
    assert "unit" in bad.value.fields
    with unchanged(case), pytest.raises(InvalidData) as bad:
        steps.record(case, "transfer", u["east_supervisor"], unit=units.west.pk, reason="")
    assert "reason" in bad.value.fields
    for name in ("east_station_volunteer", "east_mediator", "west_supervisor"):
        with unchanged(case), pytest.raises(NotPermitted):
            steps.record(case, "transfer", u[name], unit=units.west.pk, reason="转办")
    case = transitions.perform(case, "accept", u["east_supervisor"])
    case = transitions.perform(case, "assign", u["east_supervisor"], mediator=u["east_mediator"].pk)
    with unchanged(case), pytest.raises(TransitionNotAllowed):
        steps.record(case, "transfer", u["east_supervisor"], unit=units.west.pk, reason="转办")


def test_the_desk_answers_a_refused_transfer_with_the_page_again(units, login):
    u = units.users
    units.agree(units.east, units.west)
    case = register_case(u["east_station_volunteer"])
    client = login(u["east_supervisor"])
    assert "action-transfer" in client.get(f"/cases/{case.pk}/").content.decode()
    with unchanged(case):
        response = client.post(f"/cases/{case.pk}/steps/transfer/", {"unit": units.west.pk, "reason": ""})
    assert response.status_code == 400
    assert "action-transfer" in response.content.decode()
    with unchanged(case):
        assert login(u["west_supervisor"]).post(f"/cases/{case.pk}/steps/transfer/",
                                                {"unit": units.west.pk, "reason": "转办"}).status_code == 404


def test_the_api_refuses_a_transfer_as_the_desk_does_with_nothing_changed(units, api):
    u = units.users
    units.agree(units.east, units.west)
    case = register_case(u["east_station_volunteer"])
    supervisor = api(u["east_supervisor"])
    url = f"/api/cases/{case.pk}/transfer/"
    for body, field in (({"unit": units.east_station.pk, "reason": "原单位"}, "unit"),
                        ({"unit": 999999, "reason": "转办"}, "unit"), ({"unit": "西县", "reason": "转办"}, "unit"),
                        ({"unit": units.west.pk, "reason": ""}, "reason"), ({"reason": "转办"}, "unit")):
        with unchanged(case):
            response = supervisor.post(url, body, format="json")
        assert response.status_code == 400, body
        assert response.json()["error"] and field in response.json()["fields"], body
    assert "请选择另一个单位" in supervisor.post(url, {"unit": units.east_station.pk, "reason": "转办"},
                                   format="json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["fields"]["unit"][0]
    with unchanged(case):  # the volunteer who registered it sees it, but may not transfer it
        response = api(u["east_station_volunteer"]).post(url, {"unit": units.west.pk, "reason": "转办"}, format="json")
    assert response.status_code == 403 and response.json()["error"]
    with unchanged(case):  # another county's supervisor does not see it at all
        assert api(u["west_supervisor"]).post(url, {"unit": units.west.pk, "reason": "转办"},
                                              format="json").status_code == 404
    case = transitions.perform(case, "accept", u["east_supervisor"])
    case = transitions.perform(case, "assign", u["east_supervisor"], mediator=u["east_mediator"].pk)
    with unchanged(case):
        response = supervisor.post(url, {"unit": units.west.pk, "reason": "转办"}, format="json")
    assert response.status_code == 409 and response.json()["error"]
    with unchanged(case):
        assert supervisor.post(url, ["unit"], format="json").status_code == 400  # not an object


def test_the_api_lists_the_units_a_user_may_choose(units, api):
    u = units.users
    units.agree(units.east, units.west)
    everyone = api(u["east_supervisor"]).get("/api/units/").json()
    assert {row["name"] for row in everyone} == {units.root.name, "某市总工会", "东县总工会", "西县总工会",
                                                 "东县开发区职工维权服务站", "西县新城职工维权服务站"}
    assert {"id": units.west_station.pk, "name": "西县新城职工维权服务站", "parent": units.west.pk} in everyone
    assert [row["name"] for row in api(u["west_mediator"]).get("/api/units/").json()] == ["西县总工会",
                                                                                         "西县新城职工维权服务站"]
    assert api(None).get("/api/units/").status_code == 401


def test_the_schema_describes_the_transfer_and_the_units(units, api):
    schema = api(units.users["east_supervisor"]).get("/api/schema/?format=json").json()
    transfer = schema["paths"]["/api/cases/{case_id}/transfer/"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(transfer["responses"])
    body = schema["components"]["schemas"]["TransferInputRequest"]
    assert set(body["properties"]) == {"unit", "reason"} and set(body["required"]) == {"unit", "reason"}
    assert "/api/units/" in schema["paths"]


# An id that str.isdigit() takes for a number but int() does not ("²", "١٢"): a bad value, never a 500.
ODD_DIGITS = ["²", "١٢", "12345678901234567890"]


@pytest.mark.parametrize("raw", ODD_DIGITS)
def test_odd_digits_for_a_unit_or_a_case_are_400_and_change_nothing(units, login, api, raw):
    u = units.users
    case = register_case(u["east_station_volunteer"])
    with unchanged(case):
        response = api(u["east_supervisor"]).post(f"/api/cases/{case.pk}/transfer/", {"unit": raw, "reason": "转办"},
                                                  format="json")
        assert response.status_code == 400 and "unit" in response.json()["fields"]
        page = login(u["east_supervisor"]).post(f"/cases/{case.pk}/steps/transfer/", {"unit": raw, "reason": "转办"})
        assert page.status_code == 400
    listed = api(u["east_supervisor"]).get("/api/units/", {"case": raw})
    assert listed.status_code == 400 and "case" in listed.json()["fields"]
    cases = api(u["east_supervisor"]).get("/api/cases/", {"mediator": raw})
    assert cases.status_code == 400 and "mediator" in cases.json()["fields"]


def test_no_transfer_is_offered_where_there_is_no_unit_to_send_the_case_to(register, supervisor, login):
    """A desk of one unit (the root alone): the transfer's list would hold nothing to choose, so the case
    page does not offer it; the same case with a station below the root offers the station."""
    case = register()
    client = login(supervisor)
    assert 'id="action-transfer"' not in client.get(f"/cases/{case.pk}/").content.decode()

    station = Unit(name="城关职工维权服务站", parent=tree.root())
    station.save()
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="action-transfer"' in page
    assert f'<option value="{station.pk}">城关职工维权服务站</option>' in page

"""Privacy at registration (issue 14): an identity look-up tells a user no more than they may see,
goes into the access log with what was asked (masked), and is throttled per user."""

import datetime

import pytest

from casedesk.cases import clock, identities
from casedesk.cases.models import Case, PersonalDataAccess

from ..conftest import NOW, client_for, id_number, registration_body
from ..desk.conftest import registration_post
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

NUMBER = "36073019881030153X"  # the number of the example (a valid resident ID)
MASKED = "360730********153X"


@pytest.fixture
def volunteer2(db):
    return UserFactory(username="zhiyuan2", role="volunteer", first_name="钟晓琳")


@pytest.fixture
def strangers_case(register, volunteer):
    """Volunteer 1's case of 甘永明, which volunteer 2 may not see."""
    return register(applicants=[{"name": "甘永明", "id_number": NUMBER, "phone": "13907975555",
                                 "address": "某某县梅江镇1号", "employment_form": "contract"}])


def look_up(client, **data):
    return client.post("/cases/new/identity/", {"id_type": "resident_id", **data})


def lookups(user):
    return list(PersonalDataAccess.objects.filter(user=user, action=identities.LOOKUP).order_by("id"))


def test_a_volunteers_lookup_of_another_volunteers_worker_returns_no_name_and_is_logged(
        client, volunteer2, strangers_case):
    client.force_login(volunteer2)
    assert client.get(f"/cases/{strangers_case.pk}/").status_code == 404

    response = look_up(client, id_number=NUMBER, name="赵强")

    assert response.status_code == 200
    assert response.json() == {"prefill": {}, "other_name": True, "recorded_name": "", "staff": False}
    assert "甘" not in response.content.decode() and "13907975555" not in response.content.decode()
    [row] = lookups(volunteer2)
    assert row.case is None
    assert row.detail == {"where": "typing", "id_type": "resident_id", "id_number": MASKED, "name": "赵*",
                          "answer": "other_name"}


def test_the_registration_page_says_only_that_another_name_is_on_record_then_registers(
        client, volunteer2, strangers_case):
    client.force_login(volunteer2)
    post = registration_post()
    post.update({"applicants-0-name": "赵强", "applicants-0-id_number": NUMBER})

    page = client.post("/cases/new/", post)

    text = page.content.decode()
    assert page.status_code == 200 and 'id="warnings"' in text
    assert "甘永明" not in text and "甘" not in text
    assert "该证件号码在系统中登记的姓名与“赵强”不同。请对照证件核对姓名和号码，或请负责人核实。" in text
    assert [r.detail["answer"] for r in lookups(volunteer2)] == ["other_name"]
    fingerprint = text.split('name="confirmed" value="', 1)[1].split('"', 1)[0]

    registered = client.post("/cases/new/", {**post, "confirmed": fingerprint})

    assert registered.status_code == 302  # no refusal contradicting the first screen
    case = Case.objects.exclude(pk=strangers_case.pk).get()
    assert case.applicants.get().name == "赵强"
    assert strangers_case.applicants.get().name == "甘永明"
    # One look-up a request: the confirming request's registration reused the look-up its warnings made.
    assert [r.detail["answer"] for r in lookups(volunteer2)] == ["other_name", "other_name"]


def test_a_supervisor_sees_the_recorded_name_and_the_log_says_so(client, supervisor, strangers_case):
    client.force_login(supervisor)
    answer = look_up(client, id_number=NUMBER, name="赵强").json()
    assert answer["recorded_name"] == "甘永明" and answer["other_name"] is True
    assert answer["prefill"]["name"] == "甘永明" and answer["prefill"]["phone"] == "13907975555"
    assert lookups(supervisor)[0].detail["answer"] == "other_name_shown"
    assert PersonalDataAccess.objects.filter(user=supervisor, case=strangers_case, action="view_case").exists()


def test_prefill_comes_from_the_users_own_case_masked_as_they_see_it(client, volunteer, strangers_case):
    client.force_login(volunteer)
    answer = look_up(client, id_number=NUMBER, name="甘永明").json()
    assert answer["other_name"] is False
    prefill = answer["prefill"]
    assert (prefill["name"], prefill["address"], prefill["case"]) == ("甘永明", "某某县梅江镇1号", strangers_case.number)
    assert prefill["phone"] == "139****5555" and prefill["masked"] == ["phone"]


def test_an_api_registration_refuses_without_revealing_the_name(volunteer2, strangers_case):
    body = registration_body(applicants=[{"name": "赵强", "id_number": NUMBER, "employment_form": "contract"}])
    response = client_for(volunteer2).post("/api/cases/", body, format="json")
    assert response.status_code == 400
    assert "甘" not in response.content.decode()
    assert "applicants.0.id_number" in response.json()["fields"]
    assert lookups(volunteer2)[0].detail["where"] == "api"
    body["applicants"][0]["name_confirmed"] = True
    assert client_for(volunteer2).post("/api/cases/", body, format="json").status_code == 201


# ---- the throttle -------------------------------------------------------------------------------

def test_the_throttle_refuses_the_31st_lookup_in_a_minute(client, volunteer, settings):
    assert settings.CASEDESK_IDENTITY_LOOKUPS_PER_MINUTE == 30
    client.force_login(volunteer)
    for n in range(30):
        assert look_up(client, id_number=id_number(n), name="某某").status_code == 200
    assert look_up(client, id_number=id_number(0), name="某某").status_code == 200  # asked before: not counted

    refused = look_up(client, id_number=id_number(30), name="某某")

    assert refused.status_code == 429
    body = refused.json()
    assert body["error"] == "throttled" and "30" in body["detail"] and body["fields"] == {}
    assert len(lookups(volunteer)) == 31  # the refused one looked nothing up
    with clock.frozen(NOW + datetime.timedelta(minutes=1)):
        assert look_up(client, id_number=id_number(30), name="某某").status_code == 200


def test_the_throttle_holds_for_registrations_through_the_api_and_the_page(client, volunteer, settings):
    settings.CASEDESK_IDENTITY_LOOKUPS_PER_MINUTE = 3
    api = client_for(volunteer)
    assert api.post("/api/cases/", registration_body(workers=2), format="json").status_code == 201
    cases = Case.objects.count()
    others = [{**a, "id_number": id_number(10 + n)} for n, a in enumerate(registration_body(workers=2)["applicants"])]
    refused = api.post("/api/cases/", registration_body(applicants=others), format="json")  # 2 + 2 new numbers
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert refused.json()["error"] == "throttled"
    client.force_login(volunteer)
    post = registration_post(workers=2)
    post.update({"applicants-0-id_number": id_number(10), "applicants-1-id_number": id_number(11)})
    page = client.post("/cases/new/", post)
    assert page.status_code == 429
    assert "你在一分钟内已查询3个证件号码，已达上限" in page.content.decode()
    assert Case.objects.count() == cases
    assert len(lookups(volunteer)) == 2  # the refused ones looked nothing up


def test_supervisors_are_not_throttled_but_are_logged(client, supervisor, settings):
    settings.CASEDESK_IDENTITY_LOOKUPS_PER_MINUTE = 1
    client.force_login(supervisor)
    for n in range(3):
        assert look_up(client, id_number=id_number(n)).status_code == 200
    assert len(lookups(supervisor)) == 3


def test_a_bad_number_is_not_looked_up(client, volunteer):
    client.force_login(volunteer)
    response = look_up(client, id_number=NUMBER[:-1] + "1")
    assert response.status_code == 400 and "id_number" in response.json()["fields"]
    assert lookups(volunteer) == []
    assert client.post("/cases/new/identity/", {"id_number": "x" * 41}).status_code == 400

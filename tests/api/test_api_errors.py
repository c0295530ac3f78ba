"""The JSON API's refusals: status codes, one error shape, visibility, masking, filters, robustness.

Every error is {"error": code, "detail": text, "fields": {...}} with a JSON content type,
never an HTML page. Casedesk's own messages may still lack their translation, so tests
assert codes and shape; Django's and DRF's built-in messages are asserted in Chinese.
"""

import datetime
import json
import re

import pytest
import yaml
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from casedesk.cases import clock, identifiers
from casedesk.cases.models import Case, CaseEvent, Person, PersonalDataAccess

from ..conftest import id_number, registration_body, unchanged
from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
REQUIRED = ("这个字段是必填项。", "该字段是必填项。")  # Django's and DRF's wording
REASON = {"reason": "申请人与被申请人已自行和解。"}
OTHER_EMPLOYER = {
    "name": "某某物流有限公司",
    "uscc": identifiers.make_uscc("91330100MA7Q8R9T0"),
    "address": "某某县物流园2号",
    "contact_name": "孙经理",
    "contact_phone": "13900139000",
}


def assert_error(response, status, code=None):
    """The one error shape of DESIGN.md, as JSON, with the given status (and code)."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) == {"error", "detail", "fields"}, body
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["fields"], dict)
    assert all(isinstance(k, str) and isinstance(v, list) for k, v in body["fields"].items())
    if code is not None:
        assert body["error"] == code, body
    return body


def post(client, url, body=None):
    return client.post(url, body if body is not None else {}, format="json")


def applicant(name, n):
    return {"name": name, "id_number": id_number(n), "phone": f"1390013{n:04d}", "employment_form": "contract"}


@pytest.fixture
def other_volunteer(db):
    return UserFactory(username="volunteer2", role="volunteer")


# Authentication (401) and the token endpoint


def test_a_request_without_credentials_answers_401_in_chinese(db):
    response = APIClient().get("/api/cases/")

    body = assert_error(response, 401, "unauthenticated")
    assert body["detail"] == "身份认证信息未提供。"
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_from_the_token_endpoint_authenticates_requests(volunteer, register):
    register()
    client = APIClient()

    issued = client.post("/api/auth/token/", {"username": "volunteer1", "password": PASSWORD}, format="json")
    assert issued.status_code == 200, issued.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    listed = client.get("/api/cases/")

    assert listed.status_code == 200
    assert [c["number"] for c in listed.json()["results"]] == ["〔2026〕某工调字第0001号"]


def test_the_token_endpoint_gives_the_same_token_twice(volunteer):
    client = APIClient()
    first = client.post("/api/auth/token/", {"username": "volunteer1", "password": PASSWORD}, format="json")
    second = client.post("/api/auth/token/", {"username": "volunteer1", "password": PASSWORD}, format="json")

    assert first.json() == second.json()


@pytest.mark.parametrize(
    "body",
    [
        {"username": "volunteer1", "password": "wrong-horse-battery"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "volunteer1"},
        {"username": ["volunteer1"], "password": PASSWORD},
    ],
    ids=["wrong-password", "unknown-user", "no-password", "list-username"],
)
def test_the_token_endpoint_refuses_bad_credentials_without_a_403(volunteer, body):
    response = APIClient().post("/api/auth/token/", body, format="json")

    # Bad credentials are bad input (the view's schema says 400), not "you may not" (403).
    assert response.status_code in (400, 401), response.content
    assert_error(response, response.status_code)


def test_an_inactive_user_gets_no_token(volunteer):
    volunteer.is_active = False
    volunteer.save()

    response = APIClient().post("/api/auth/token/", {"username": "volunteer1", "password": PASSWORD}, format="json")

    assert response.status_code in (400, 401)
    assert "token" not in response.json()


def test_a_wrong_token_answers_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = client.get("/api/cases/")

    body = assert_error(response, 401, "unauthenticated")
    assert CHINESE.search(body["detail"])


def test_the_token_of_a_user_made_inactive_answers_401(volunteer):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=volunteer).key}")
    assert client.get("/api/cases/").status_code == 200
    volunteer.is_active = False
    volunteer.save()

    body = assert_error(client.get("/api/cases/"), 401, "unauthenticated")
    assert CHINESE.search(body["detail"])


# Refusals of the service: 400, 403, 409


def test_a_registration_without_a_summary_answers_400_with_the_chinese_required_message(api, volunteer):
    body = registration_body()
    del body["summary"]

    with unchanged():
        response = post(api(volunteer), "/api/cases/", body)

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields["summary"][0] in REQUIRED
    assert Case.objects.count() == 0


def test_a_registration_error_names_the_nested_field_path(api, volunteer):
    body = registration_body()
    body["applicants"][0]["id_number"] = "330102198806150001"
    body["claims"][0]["amount"] = "-1"

    with unchanged():
        response = post(api(volunteer), "/api/cases/", body)

    fields = assert_error(response, 400, "invalid")["fields"]
    assert {"applicants.0.id_number", "claims.0.amount"} <= set(fields)
    assert Case.objects.count() == Person.objects.count() == 0


def test_a_transition_without_its_data_answers_400_with_the_chinese_required_message(api, register, supervisor):
    case = register()

    with unchanged(case):
        response = post(api(supervisor), f"/api/cases/{case.pk}/transitions/reject/")

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields["reason"][0] in REQUIRED
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_volunteer_cannot_assign_a_case(api, case_at, volunteer, mediator):
    case = case_at("accepted")
    events = CaseEvent.objects.filter(case=case).count()

    with unchanged(case):
        response = post(api(volunteer), f"/api/cases/{case.pk}/transitions/assign/", {"mediator": mediator.pk})

    assert_error(response, 403, "not_permitted")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.mediator) == ("accepted", None)
    assert CaseEvent.objects.filter(case=case).count() == events


def test_a_user_without_a_role_cannot_register_a_case(api, outsider):
    with unchanged():
        response = post(api(outsider), "/api/cases/", registration_body())

    assert_error(response, 403, "not_permitted")
    assert Case.objects.count() == 0


def test_a_transition_from_the_wrong_state_answers_409(api, case_at, mediator):
    case = case_at("accepted")
    events = CaseEvent.objects.filter(case=case).count()

    with unchanged(case):
        response = post(api(mediator), f"/api/cases/{case.pk}/transitions/accept/")

    assert_error(response, 409, "wrong_state")
    assert Case.objects.get(pk=case.pk).status == "accepted"
    assert CaseEvent.objects.filter(case=case).count() == events


def test_an_unknown_transition_answers_400(api, register, supervisor):
    case = register()

    with unchanged(case):
        response = post(api(supervisor), f"/api/cases/{case.pk}/transitions/fast_forward/")

    assert_error(response, 400, "unknown_transition")
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_a_transition_that_works_answers_200_with_the_case(api, register, supervisor):
    case = register()

    response = post(api(supervisor), f"/api/cases/{case.pk}/transitions/reject/", REASON)

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["status"]) == (case.pk, "rejected")
    assert response.json()["available_transitions"] == ["close", "reopen"]


# Visibility: a case a user may not see answers 404, never 403


def case_urls(case_id):
    return {
        "detail": ("get", f"/api/cases/{case_id}/", None),
        "timeline": ("get", f"/api/cases/{case_id}/timeline/", None),
        "withdraw": ("post", f"/api/cases/{case_id}/transitions/withdraw/", REASON),
        "unknown transition": ("post", f"/api/cases/{case_id}/transitions/fast_forward/", {}),
    }


def send(client, method, url, body):
    if method == "get":
        return client.get(url)
    return client.post(url, body, format="json")


@pytest.mark.parametrize("what", ["detail", "timeline", "withdraw", "unknown transition"])
def test_a_case_another_volunteer_registered_answers_404(api, register, other_volunteer, what):
    case = register()

    with unchanged(case):
        response = send(api(other_volunteer), *case_urls(case.pk)[what])

    assert_error(response, 404, "not_found")
    assert Case.objects.get(pk=case.pk).status == "submitted"
    assert CaseEvent.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("what", ["detail", "timeline", "withdraw"])
def test_a_hidden_case_and_a_missing_case_answer_alike(api, register, other_volunteer, what):
    case = register()
    client = api(other_volunteer)

    with unchanged(case):
        hidden = send(client, *case_urls(case.pk)[what])
        missing = send(client, *case_urls(case.pk + 1000)[what])

    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


@pytest.mark.parametrize("what", ["detail", "timeline", "withdraw"])
def test_a_user_without_a_role_sees_no_case(api, register, outsider, what):
    case = register()

    with unchanged(case):
        assert_error(send(api(outsider), *case_urls(case.pk)[what]), 404, "not_found")


def test_a_mediator_sees_an_unassigned_case(api, register, mediator):
    case = register()

    assert api(mediator).get(f"/api/cases/{case.pk}/").status_code == 200
    assert api(mediator).get(f"/api/cases/{case.pk}/timeline/").status_code == 200


@pytest.mark.parametrize("what", ["detail", "timeline", "withdraw"])
def test_a_mediator_does_not_see_a_case_assigned_to_another_mediator(
    api, register, walk, mediator, other_mediator, supervisor, what
):
    case = walk(register(), ("accept", mediator, {}), ("assign", supervisor, {"mediator": other_mediator.pk}))

    with unchanged(case):
        assert_error(send(api(mediator), *case_urls(case.pk)[what]), 404, "not_found")
    assert Case.objects.get(pk=case.pk).status == "mediating"


def test_the_case_list_shows_a_mediator_unassigned_cases_and_their_own(
    api, register, walk, mediator, other_mediator, supervisor
):
    unassigned = register()
    own = walk(register(workers=2), ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}))
    walk(register(workers=3), ("accept", mediator, {}), ("assign", supervisor, {"mediator": other_mediator.pk}))

    listed = api(mediator).get("/api/cases/").json()

    assert sorted(c["id"] for c in listed["results"]) == sorted([unassigned.pk, own.pk])
    assert listed["count"] == 2


def test_the_case_list_shows_a_volunteer_only_the_cases_they_registered(api, register, volunteer, other_volunteer):
    mine = register()
    register(actor=other_volunteer, workers=2)

    listed = api(volunteer).get("/api/cases/").json()

    assert [c["id"] for c in listed["results"]] == [mine.pk]


# Personal data: masked for most, unmasked (and logged) for the assigned mediator and supervisors


def test_a_volunteer_sees_id_and_phone_numbers_masked_and_nothing_is_logged(api, register, volunteer):
    case = register()

    person = api(volunteer).get(f"/api/cases/{case.pk}/").json()["applicants"][0]

    assert person["id_number"] == "330102********000X"
    assert person["phone"] == "138****0000"
    assert PersonalDataAccess.objects.exclude(action="identity_lookup").count() == 0  # registering looked one up


def test_an_unassigned_mediator_sees_personal_data_masked(api, register, mediator):
    case = register()

    person = api(mediator).get(f"/api/cases/{case.pk}/").json()["applicants"][0]

    assert (person["id_number"], person["phone"]) == ("330102********000X", "138****0000")
    assert PersonalDataAccess.objects.exclude(action="identity_lookup").count() == 0  # registering looked one up


@pytest.mark.parametrize("role", ["mediator", "supervisor"])
def test_the_assigned_mediator_and_a_supervisor_see_personal_data_and_each_view_is_logged(
    request, api, mediating, role
):
    case = mediating()
    user = request.getfixturevalue(role)
    client = api(user)

    first = client.get(f"/api/cases/{case.pk}/").json()["applicants"][0]
    client.get(f"/api/cases/{case.pk}/")

    assert (first["id_number"], first["phone"]) == (id_number(0), "13800130000")
    logged = PersonalDataAccess.objects.filter(user=user, case=case)
    # Both views counted, on one row: the same view again within minutes (issue 13's access-log noise).
    assert logged.count() == 1 and logged.get().views == 2
    assert PersonalDataAccess.objects.exclude(action="identity_lookup").count() == 1


def test_the_case_list_carries_no_personal_data(api, register, supervisor):
    register()

    listed = api(supervisor).get("/api/cases/")

    assert id_number(0) not in listed.content.decode()
    assert "13800130000" not in listed.content.decode()


# The case list: filters and pagination


@pytest.fixture
def desk(register, walk, mediator, supervisor):
    """Four cases as a supervisor sees them, numbered 0001 to 0004."""
    accept = ("accept", mediator, {})
    return {
        "A": register(applicants=[applicant("王小明", 10)]),
        "B": walk(register(channel="hotline_12351", category="contract_termination",
                           applicants=[applicant("李小红", 11)]), accept),
        "C": walk(register(channel="online", category="work_injury", employer=OTHER_EMPLOYER,
                           applicants=[applicant("赵大力", 12)]),
                  accept, ("assign", supervisor, {"mediator": mediator.pk})),
        "D": walk(register(category="overtime", applicants=[applicant(f"钱{n}", 20 + n) for n in range(10)]), accept),
    }


FILTERED = [
    ("status=submitted", {"A"}),
    ("status=accepted,mediating", {"B", "C", "D"}),
    ("category=work_injury", {"C"}),
    ("category=wage_arrears,overtime", {"A", "D"}),
    ("channel=hotline_12351", {"B"}),
    ("mediator={mediator}", {"C"}),
    ("mediator=none", {"A", "B", "D"}),
    ("q=李小红", {"B"}),
    ("q=物流", {"C"}),
    ("q=0001", {"A"}),
    ("q={uscc}", {"C"}),
    ("q=钱5", {"D"}),
    ("q=没有这个人", set()),
    ("collective=true", {"D"}),
    ("collective=false", {"A", "B", "C"}),
    ("status=accepted&collective=true", {"D"}),
    ("", {"A", "B", "C", "D"}),
]


@pytest.mark.parametrize(("query", "expected"), FILTERED)
def test_the_case_list_filters(api, desk, mediator, supervisor, query, expected):
    query = query.format(mediator=mediator.pk, uscc=OTHER_EMPLOYER["uscc"])

    response = api(supervisor).get(f"/api/cases/?{query}")

    assert response.status_code == 200, response.content
    ids = {c["id"] for c in response.json()["results"]}
    assert ids == {desk[key].pk for key in expected}


@pytest.mark.parametrize(("value", "expected"), [("true", {"A"}), ("false", {"B", "C", "D"})])
def test_the_case_list_filters_overdue_cases(api, desk, supervisor, value, expected):
    with clock.frozen(datetime.date(2026, 11, 6)):  # acceptance was due on Thursday 5 November
        response = api(supervisor).get(f"/api/cases/?overdue={value}")

    assert {c["id"] for c in response.json()["results"]} == {desk[key].pk for key in expected}
    assert all(c["overdue"] == (value == "true") for c in response.json()["results"])


BAD_FILTERS = [
    ("status=lost", "status"),
    ("status=submitted,lost", "status"),
    ("category=crime", "category"),
    ("channel=fax", "channel"),
    ("mediator=somebody", "mediator"),
    ("mediator=-1", "mediator"),
    ("mediator=99999999999999999999999", "mediator"),
    ("overdue=maybe", "overdue"),
    ("collective=perhaps", "collective"),
    ("q=" + "张" * 101, "q"),
]


@pytest.mark.parametrize(("query", "field"), BAD_FILTERS)
def test_a_bad_filter_value_answers_400_naming_the_filter(api, supervisor, query, field):
    response = api(supervisor).get(f"/api/cases/?{query}")

    assert field in assert_error(response, 400, "invalid")["fields"]


@pytest.mark.parametrize("query", ["q=%00", "q=%E5%BC%A0%00", "status=%00", "mediator=%00", "page=%00"])
def test_a_nul_character_in_a_filter_is_never_a_server_error(api, supervisor, query):
    response = api(supervisor).get(f"/api/cases/?{query}")

    assert response.status_code in (200, 400, 404), response.content[:500]
    assert response["Content-Type"].startswith("application/json")


def test_the_case_list_is_paginated(api, desk, supervisor):
    client = api(supervisor)

    first = client.get("/api/cases/?page_size=3").json()
    second = client.get("/api/cases/?page_size=3&page=2").json()

    assert first["count"] == second["count"] == 4
    assert len(first["results"]) == 3 and len(second["results"]) == 1
    assert first["next"] and "page=2" in first["next"] and first["previous"] is None
    assert second["next"] is None and second["previous"]
    assert {c["id"] for c in first["results"] + second["results"]} == {c.pk for c in desk.values()}


def test_the_case_list_is_newest_first(api, desk, supervisor):
    listed = api(supervisor).get("/api/cases/").json()["results"]

    assert [c["number"][-6:] for c in listed] == ["第0004号", "第0003号", "第0002号", "第0001号"]


@pytest.mark.parametrize("page", ["3", "0", "abc", "-1"])
def test_a_page_that_does_not_exist_answers_404_json(api, desk, supervisor, page):
    response = api(supervisor).get(f"/api/cases/?page_size=3&page={page}")

    body = assert_error(response, 404, "not_found")
    assert CHINESE.search(body["detail"])


# Bodies, URLs and methods the API does not take


def test_a_body_over_one_megabyte_answers_413_json(api, volunteer):
    body = json.dumps(registration_body(summary="事" * (400 * 1024)))
    assert len(body.encode()) > 1024 * 1024

    with unchanged():
        response = api(volunteer).post("/api/cases/", data=body, content_type="application/json")

    assert_error(response, 413, "too_large")
    assert Case.objects.count() == 0


MALFORMED = {
    "truncated": b'{"channel": "walk_in",',
    "single quotes": b"{'channel': 'walk_in'}",
    "not utf-8": b'{"summary": "\xff\xfe"}',
    "NaN": b'{"claims": [{"kind": "wage", "amount": NaN}]}',
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_json_answers_400_json(api, volunteer, body):
    with unchanged():
        response = api(volunteer).post("/api/cases/", data=body, content_type="application/json")

    assert_error(response, 400, "malformed")
    assert Case.objects.count() == 0


@pytest.mark.parametrize("body", ["[]", '["walk_in"]', '"walk_in"', "42", "null"])
def test_a_registration_body_that_is_not_an_object_answers_400(api, volunteer, body):
    with unchanged():
        response = api(volunteer).post("/api/cases/", data=body, content_type="application/json")

    assert_error(response, 400)
    assert Case.objects.count() == 0


@pytest.mark.parametrize("body", ["[]", '[{"reason": "撤回"}]', '"撤回"'])
def test_a_transition_body_that_is_not_an_object_answers_400(api, register, volunteer, body):
    case = register()

    with unchanged(case):
        response = api(volunteer).post(f"/api/cases/{case.pk}/transitions/withdraw/", data=body,
                                       content_type="application/json")

    assert_error(response, 400)
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_a_form_encoded_body_answers_415_json(api, volunteer):
    with unchanged():
        response = api(volunteer).post("/api/cases/", data="channel=walk_in",
                                       content_type="application/x-www-form-urlencoded")

    assert_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("url", ["/api/no-such-thing/", "/api/cases/abc/", "/api/cases/1/transitions/", "/api/"])
def test_an_unknown_url_under_api_answers_404_json_not_html(api, volunteer, url):
    response = api(volunteer).get(url)

    body = assert_error(response, 404, "not_found")
    assert "<html" not in response.content.decode().lower()
    assert CHINESE.search(body["detail"])


def test_a_missing_case_answers_404_json(api, supervisor):
    assert_error(api(supervisor).get("/api/cases/987654/"), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/api/cases/"),
        ("delete", "/api/cases/{id}/"),
        ("patch", "/api/cases/{id}/"),
        ("get", "/api/cases/{id}/transitions/withdraw/"),
        ("post", "/api/cases/{id}/timeline/"),
        ("get", "/api/auth/token/"),
    ],
)
def test_a_wrong_http_method_answers_405_json(api, register, volunteer, method, url):
    case = register()

    with unchanged(case):
        response = getattr(api(volunteer), method)(url.format(id=case.pk), {}, format="json")

    body = assert_error(response, 405, "method_not_allowed")
    assert "不被允许" in body["detail"]
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_the_schema_is_openapi_3_and_describes_the_cases_endpoint(api, supervisor):
    response = api(supervisor).get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/cases/" in schema["paths"]
    assert "/api/cases/{case_id}/transitions/{name}/" in schema["paths"]


def test_the_schema_is_also_served_as_json(api, supervisor):
    response = api(supervisor).get("/api/schema/?format=json")

    assert response.status_code == 200
    assert "/api/cases/" in json.loads(response.content)["paths"]


# Whatever comes in, the answer is never a 5xx and always JSON


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
telling_values = st.sampled_from([
    "", " ", "\x00", "2026-11-02", "2026-02-30", "9999-12-31", "0001-01-01", "-1", "0", "1e400", "NaN",
    "18600.005", "１８６００", "\u200b", "x" * 6000, 10 ** 30, -(10 ** 30), 1.5, True, [], {}, [[]], {"": None},
])
values = json_values | telling_values
DELETE = object()
COURT_REFERRAL = {
    "court": "某某县人民法院", "court_case_number": "（2026）某0101民诉前调1234号", "kind": "pre_litigation",
    "referred_on": "2026-10-01",
}


def paths_of(value, prefix=""):
    """Every dotted path into a JSON value: "employer", "employer.uscc", "applicants.0", …"""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    paths = []
    for key, child in items:
        path = f"{prefix}{key}"
        paths.append(path)
        paths.extend(paths_of(child, f"{path}."))
    return paths


def replace_at(body, path, value):
    *parents, last = path.split(".")
    target = body
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target.get(key)
        if not isinstance(target, (dict, list)):
            return  # an earlier change replaced a parent
    if isinstance(target, list):
        if int(last) >= len(target):
            return  # an earlier change removed the item
        if value is DELETE:
            del target[int(last)]
        else:
            target[int(last)] = value
    elif value is DELETE:
        target.pop(last, None)
    else:
        target[last] = value


@st.composite
def mutated_registrations(draw):
    body = registration_body(workers=draw(st.integers(1, 2)))
    if draw(st.booleans()):
        body.update(channel=draw(st.sampled_from(["court_delegated", "court_commissioned"])),
                    court_referral=dict(COURT_REFERRAL))
    paths = draw(st.lists(st.sampled_from(paths_of(body) + ["unexpected"]), min_size=1, max_size=4, unique=True))
    for path in sorted(paths, key=len, reverse=True):
        replace_at(body, path, draw(values | st.just(DELETE)))
    return body


def post_and_roll_back(client, url, body):
    """Each example starts from the same database: the request runs in a savepoint rolled back."""
    with transaction.atomic():
        response = client.post(url, data=json.dumps(body), content_type="application/json")
        transaction.set_rollback(True)
    return response


def assert_never_a_server_error(response):
    assert response.status_code < 500, response.content[:1000]
    assert response["Content-Type"].startswith("application/json")
    if response.status_code >= 300:
        assert_error(response, response.status_code)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=json_values | mutated_registrations())
@example(body=registration_body(dispute_started_on=20261008))
@example(body=registration_body(dispute_started_on=["2026-10-08"]))
def test_any_registration_body_answers_json_and_never_a_server_error(api, volunteer, body):
    response = post_and_roll_back(api(volunteer), "/api/cases/", body)

    assert_never_a_server_error(response)
    if response.status_code == 201:
        assert response.json()["status"] == "submitted"


TRANSITION_BODIES = {
    "reach_agreement": {"terms": "被申请人于2026年11月30日前支付工资。", "amount": "18600.00",
                        "performance_due": "2026-11-30",
                        "instalments": [{"due_on": "2026-11-30", "amount": "18600.00"}]},
    "extend": {"until": "2026-11-30", "parties_consent": True, **REASON},
    "reassign": {"mediator": 0, **REASON},
    "record_failure": dict(REASON),
    "withdraw": dict(REASON),
    "close": {"outcome": "settled"},
}


@st.composite
def transition_requests(draw):
    name = draw(st.sampled_from(sorted(TRANSITION_BODIES)))
    body = json.loads(json.dumps(TRANSITION_BODIES[name]))
    if draw(st.booleans()):
        body = draw(json_values)
    else:
        paths = draw(st.lists(st.sampled_from(paths_of(body) + ["unexpected", "mediator"]), min_size=1, max_size=3,
                              unique=True))
        for path in sorted(paths, key=len, reverse=True):
            replace_at(body, path, draw(values | st.just(DELETE)))
    return name, body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempt=transition_requests(), as_supervisor=st.booleans())
@example(attempt=("reach_agreement", {**TRANSITION_BODIES["reach_agreement"], "performance_due": False}),
         as_supervisor=False)
@example(attempt=("extend", {**TRANSITION_BODIES["extend"], "until": ["2026-11-30"]}), as_supervisor=True)
def test_any_transition_body_answers_json_and_never_a_server_error(
    api, register, walk, mediator, supervisor, attempt, as_supervisor
):
    # The case is built once per test function and every example rolls back its request.
    case = Case.objects.filter(status="mediating").first() or walk(
        register(), ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk})
    )
    name, body = attempt

    response = post_and_roll_back(
        api(supervisor if as_supervisor else mediator), f"/api/cases/{case.pk}/transitions/{name}/", body
    )

    assert_never_a_server_error(response)
    assert Case.objects.get(pk=case.pk).status == "mediating"

"""The whole life of a case through the JSON API, as each role would drive it."""

import pytest

from casedesk.cases import audit
from casedesk.cases.models import CaseEvent

from ..conftest import registration_body

pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post(url, body or {}, format="json")


def test_confirmed_agreement_path_from_registration_to_archive(api, volunteer, mediator, supervisor):
    v, m, s = api(volunteer), api(mediator), api(supervisor)
    created = post(v, "/api/cases/", registration_body(workers=2))
    assert created.status_code == 201, created.json()
    case = created.json()
    assert case["status"] == "submitted"
    assert case["number"] == "〔2026〕某工调字第0001号"
    assert case["applicants"][0]["id_number"].count("*") == 8  # the volunteer sees it masked
    url = f"/api/cases/{case['id']}/transitions"

    assert post(m, f"{url}/accept/").json()["status"] == "accepted"
    assert post(s, f"{url}/assign/", {"mediator": mediator.pk}).json()["status"] == "mediating"
    agreed = post(m, f"{url}/reach_agreement/", {
        "terms": "被申请人于2026年11月30日前支付工资18600元。", "amount": "18600.00", "performance_due": "2026-11-30",
    })
    assert agreed.status_code == 200, agreed.json()
    assert agreed.json()["agreement"]["amount"] == "18600.00"
    assert post(m, f"{url}/apply_confirmation/", {"court": "某某县人民法院", "applied_on": "2026-11-02"}).status_code == 200
    confirmed = post(s, f"{url}/court_confirm/", {"ruling_number": "（2026）某0101民特12号", "ruled_on": "2026-11-02"})
    assert confirmed.json()["status"] == "confirmed"
    paid = m.post(f"/api/cases/{case['id']}/payments/",
                  {"paid_on": "2026-11-02", "amount": "18600.00", "method": "transfer"}, format="json")
    assert paid.status_code == 201, paid.json()
    assert paid.json()["agreement"]["performance_status"] == "performed"
    closed = post(s, f"{url}/close/", {})
    assert closed.json()["status"] == "closed", closed.json()
    assert (closed.json()["outcome"], closed.json()["recovered_amount"]) == ("settled", "18600.00")
    assert post(s, f"{url}/archive/").json()["status"] == "archived"

    timeline = s.get(f"/api/cases/{case['id']}/timeline/").json()
    assert [e["action"] for e in timeline] == [
        "create", "accept", "assign", "reach_agreement", "apply_confirmation", "court_confirm", "record_payment",
        "close", "archive",
    ]
    assert audit.verify_all() == []


@pytest.mark.parametrize("prefer", ["return=minimal", "respond-async, return=minimal", "RETURN=MINIMAL; wait=5"])
def test_a_transition_answers_with_the_state_alone_when_the_client_prefers_it(api, mediating, mediator, prefer):
    from casedesk.cases.models import CaseEvent, PersonalDataAccess

    case = mediating()
    response = api(mediator).post(f"/api/cases/{case.pk}/transitions/extend/", {
        "until": "2026-11-30", "reason": "双方当事人同意延长调解期限", "parties_consent": True,
    }, format="json", HTTP_PREFER=prefer)

    assert response.status_code == 200, response.json()
    assert response["Preference-Applied"] == "return=minimal"
    event = CaseEvent.objects.filter(case=case).latest("seq")
    assert event.action == "extend"
    assert response.json() == {
        "id": case.pk, "number": case.number, "status": "mediating", "status_display": "调解中",
        "acceptance_due": case.acceptance_due.isoformat(), "mediation_due": "2026-11-30",
        "updated_at": response.json()["updated_at"], "event": {"seq": event.seq, "hash": event.hash},
    }
    assert not PersonalDataAccess.objects.filter(case=case).exists()  # nothing personal answered, nothing logged


def test_without_the_preference_a_transition_answers_with_the_whole_case(api, mediating, mediator):
    case = mediating()
    response = api(mediator).post(f"/api/cases/{case.pk}/transitions/extend/", {
        "until": "2026-11-30", "reason": "双方当事人同意延长调解期限", "parties_consent": True,
    }, format="json", HTTP_PREFER="return=representation")

    assert response.status_code == 200 and "Preference-Applied" not in response
    assert response.json()["mediation_due"] == "2026-11-30" and response.json()["applicants"]


@pytest.mark.parametrize("member", [True, False], ids=["in a unit", "in the root unit"])
def test_a_transition_with_a_token_reads_the_users_unit_with_the_token_and_the_case_once_by_its_lock(
        mediating, mediator, other_mediator, member):
    """What a client taking many steps pays for each: the token with its user and their unit in one query
    (the root unit's row for a user without a membership), their roles, then the case read by the
    service's lock (its visibility in the same query)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from casedesk.units import services, tree
    from casedesk.units.models import Unit

    case = mediating()
    if member:
        services.place(mediator, Unit.objects.create(name="东县总工会", parent=tree.root(), number_prefix="东工调字"))
    clients = {}
    for user in (mediator, other_mediator):
        clients[user] = APIClient()
        clients[user].credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    with CaptureQueriesContext(connection) as queries:
        response = clients[mediator].post(f"/api/cases/{case.pk}/transitions/extend/", {
            "until": "2026-11-30", "reason": "双方当事人同意延长调解期限", "parties_consent": True,
        }, format="json", HTTP_PREFER="return=minimal")
    assert response.status_code == 200, response.json()
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert 'FROM "authtoken_token"' in reads[0] and '"units_membership"' in reads[0]
    assert len([sql for sql in reads if sql.startswith('SELECT "auth_group"')]) == 1  # the roles, once
    assert not [sql for sql in reads if 'FROM "units_membership"' in sql]  # the membership not read again
    assert len([sql for sql in reads if sql.startswith('SELECT "units_unit"')]) == (0 if member else 1)
    assert len([sql for sql in reads if sql.startswith('SELECT "cases_case"')]) == 1

    # The lock is the visibility check: another's case is not found, and nothing changes.
    before = CaseEvent.objects.filter(case=case).count()
    refused = clients[other_mediator].post(f"/api/cases/{case.pk}/transitions/extend/", {
        "until": "2026-12-01", "reason": "双方当事人同意延长调解期限", "parties_consent": True}, format="json")
    assert refused.status_code == 404 and CaseEvent.objects.filter(case=case).count() == before

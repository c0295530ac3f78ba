"""Return visits (回访): recorded once the agreement is performed or its non-performance recorded, through
the API and the case page; refused before that (409) or with bad data (400), changing nothing."""

import pytest

from casedesk.payments import services
from casedesk.payments.models import ReturnVisit

from ..conftest import unchanged
from .conftest import payment

pytestmark = pytest.mark.django_db

VISIT = {"visited_on": "2026-11-02", "method": "phone", "money_received": True, "satisfaction": 5,
         "note": "款项已全部到账，对调解结果满意。"}


@pytest.fixture
def performed(in_two, mediator):
    case = in_two()
    services.record_payment(case, mediator, **payment(amount="18600.00"))
    return case


def test_a_return_visit_through_the_api(performed, api, mediator):
    response = api(mediator).post(f"/api/cases/{performed.pk}/return-visits/", VISIT, format="json")
    assert response.status_code == 201, response.json()
    (visit,) = response.json()["return_visits"]
    assert (visit["visited_on"], visit["method"], visit["money_received"], visit["satisfaction"]) == (
        "2026-11-02", "phone", True, 5)
    timeline = api(mediator).get(f"/api/cases/{performed.pk}/timeline/").json()
    assert timeline[-1]["action"] == "return_visit" and timeline[-1]["data"]["visit_method"] == "phone"


def test_no_return_visit_before_performance(in_two, api, mediator):
    case = in_two()
    with unchanged(case):
        response = api(mediator).post(f"/api/cases/{case.pk}/return-visits/", VISIT, format="json")
    assert response.status_code == 409


@pytest.mark.parametrize(("change", "field"), [
    ({"satisfaction": 0}, "satisfaction"), ({"satisfaction": 6}, "satisfaction"), ({"method": "letter"}, "method"),
    ({"visited_on": "2026-11-03"}, "visited_on"), ({"money_received": "maybe"}, "money_received"),
])
def test_bad_return_visits_are_400_and_change_nothing(performed, api, mediator, change, field):
    with unchanged(performed):
        response = api(mediator).post(f"/api/cases/{performed.pk}/return-visits/", {**VISIT, **change}, format="json")
    assert response.status_code == 400 and field in response.json()["fields"]


def test_a_return_visit_on_the_case_page(performed, login, mediator):
    client = login(mediator)
    assert 'id="return_visit"' in client.get(f"/cases/{performed.pk}/").content.decode()
    response = client.post(f"/cases/{performed.pk}/steps/return_visit/",
                           {**VISIT, "method": "online", "money_received": "on"})
    assert response.status_code == 302
    assert ReturnVisit.objects.get(case=performed).satisfaction == 5
    # Its own words: how the visit was made, not how a notice was sent, nor an online application.
    page = client.get(f"/cases/{performed.pk}/").content.decode()
    assert "回访方式：网上回访" in page
    form = page.split('id="return_visit"')[1].split("</form>")[0]
    assert "回访方式" in form and "网上回访" in form and "通知方式" not in form and "网上申请" not in form
    # The visit is listed with the performance, and a visit more is "another", not the first again: the
    # page said only "已完成：回访。" and offered 记录回访 as if no one had called the worker.
    visit = ReturnVisit.objects.get(case=performed)
    listed = page.split('id="return-visits"')[1].split("</table>")[0]
    assert f'id="return-visit-{visit.pk}"' in listed and "2026年11月2日" in listed and "5 / 5" in listed
    assert "再次回访</summary>" in page and "记录回访</summary>" not in page


def test_a_case_without_a_return_visit_offers_the_first(performed, login, mediator):
    page = login(mediator).get(f"/cases/{performed.pk}/").content.decode()
    assert 'id="return-visits"' not in page and "记录回访</summary>" in page


def test_the_figures_give_the_share_visited_and_the_average_satisfaction(performed, in_two, api, mediator, supervisor):
    services.record_return_visit(performed, mediator, **VISIT)
    services.record_return_visit(performed, mediator, **{**VISIT, "satisfaction": 4})
    other = in_two()
    services.record_payment(other, mediator, **payment(amount="18600.00"))  # performed, not visited yet
    in_two()  # nothing paid: not yet to visit
    body = api(supervisor).get("/api/stats/", {"from": "2026-01-01", "to": "2026-12-31"}).json()
    assert body["return_visits"] == {"cases_to_visit": 2, "cases_visited": 1, "share_visited": "50.0",
                                     "average_satisfaction": "4.5"}


def test_the_return_visit_figures_drill_down_to_their_cases_and_the_lists_show_visits_due(
        performed, in_two, api, mediator, supervisor):
    services.record_return_visit(performed, mediator, **VISIT)
    other = in_two()
    services.record_payment(other, mediator, **payment(amount="18600.00"))
    in_two()
    client = api(supervisor)
    body = client.get("/api/stats/", {"from": "2026-01-01", "to": "2026-12-31"}).json()
    links = body["drilldown"]["return_visits"]
    ids = {key: {c["id"] for c in client.get(url).json()["results"]} for key, url in links.items()}
    assert ids == {"cases_to_visit": {performed.pk, other.pk}, "cases_visited": {performed.pk}}
    due = client.get("/api/cases/", {"return_visit": "due"}).json()["results"]
    assert [c["id"] for c in due] == [other.pk]
    assert client.get("/api/cases/", {"return_visit": "soon"}).status_code == 400

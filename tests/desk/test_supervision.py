"""The supervisor's assignment board and the employer look-up used while registering."""

import pytest

from casedesk.cases.models import Case

from ..conftest import unchanged
from ..factories import CaseFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def test_the_board_shows_each_mediators_load_and_the_cases_waiting(login, supervisor, mediator, other_mediator):
    CaseFactory.create_batch(2, status="mediating", mediator=mediator)
    CaseFactory(status="closed", mediator=mediator)
    waiting = CaseFactory(status="accepted")
    page = login(supervisor).get("/supervisor/board/").content.decode()
    load = page.split('id="load"', 1)[1].split("</section>", 1)[0]
    assert "陈调解" in load and "周调解" in load
    row = load.split("陈调解", 1)[1].split("</tr>", 1)[0]
    assert "load-bar load-2" in row
    waiting_part = page.split('id="waiting"', 1)[1]
    assert waiting.number in waiting_part and f'action="/cases/{waiting.pk}/actions/assign/"' in waiting_part


def test_a_conflict_of_interest_refused_from_the_board_is_shown_and_changes_nothing(login, case_at, supervisor,
                                                                                  mediator):
    from ..factories import MediatorRelationFactory

    case = case_at("accepted")
    MediatorRelationFactory(mediator=mediator, employer=case.employer, relation="配偶在该公司任职")
    with unchanged(case):
        response = login(supervisor).post(f"/cases/{case.pk}/actions/assign/",
                                          {"mediator": mediator.pk, "next": "/supervisor/board/"})
    assert response.status_code == 400
    assert "配偶在该公司任职" in response.content.decode()
    assert Case.objects.get().mediator is None


def test_the_employer_look_up_finds_by_name_or_credit_code(login, volunteer):
    employer = EmployerFactory(name="某某电子科技有限公司")
    EmployerFactory(name="另一家公司")
    client = login(volunteer)
    by_name = client.get("/employers/lookup/", {"q": "电子"}).json()["results"]
    by_code = client.get("/employers/lookup/", {"q": employer.uscc.lower()}).json()["results"]
    assert [e["id"] for e in by_name] == [employer.pk]
    assert [e["uscc"] for e in by_code] == [employer.uscc]


def test_the_employer_look_up_needs_two_characters(login, volunteer):
    EmployerFactory(name="某某电子科技有限公司")
    assert login(volunteer).get("/employers/lookup/", {"q": "某"}).json() == {"results": []}


def test_the_employer_look_up_needs_a_desk_login(client, login, outsider):
    assert client.get("/employers/lookup/", {"q": "某某"}).status_code == 401
    assert login(outsider).get("/employers/lookup/", {"q": "某某"}).status_code == 403

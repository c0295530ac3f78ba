"""The desk's side of issue 14: the registration page asks for what the papers need, the case page
corrects a party's data, conflicts of interest have a page, and users record their own document."""

import pytest

from casedesk.cases import conflicts, identities
from casedesk.cases.errors import NotPermitted
from casedesk.cases.models import Applicant, CaseEmployer, CaseEvent, MediatorRelation, RelationDeclaration

from ..conftest import id_number, registration_body
from ..factories import EmployerFactory, UserFactory
from ..units.conftest import units  # noqa: F401  (two counties under a city)
from .conftest import registration_post

pytestmark = pytest.mark.django_db


def test_the_registration_page_takes_address_job_dates_and_the_legal_representative(client, volunteer):
    client.force_login(volunteer)
    page = client.get("/cases/new/").content.decode()
    for name in ("applicants-0-address", "applicants-0-job", "applicants-0-employed_from",
                 "applicants-0-employed_until", "employer-legal_representative", "employer-legal_representative_title"):
        assert f'name="{name}"' in page, name
    assert "name_confirmed" not in page
    post = registration_post()
    post.update({"applicants-0-address": "某某县梅江镇光明村3组", "applicants-0-job": "电焊工",
                 "applicants-0-employed_from": "2023-05-01", "employer-legal_representative": "刘建华",
                 "employer-legal_representative_title": "执行董事"})
    response = client.post("/cases/new/", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    applicant = Applicant.objects.get()
    assert (applicant.address, applicant.job, str(applicant.employed_from)) == ("某某县梅江镇光明村3组", "电焊工", "2023-05-01")
    assert CaseEmployer.objects.get().legal_representative == "刘建华"


def test_the_case_page_corrects_a_party_and_shows_it_in_the_timeline(client, register, volunteer):
    case = register()
    client.force_login(volunteer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="correct-party"' in page and "applicant-1" in page
    response = client.post(f"/cases/{case.pk}/corrections/", {
        "who": "applicant-1", "field": "address", "value": "某某县城关镇新街5号", "reason": "补充住所"})
    assert response.status_code == 302
    assert Applicant.objects.get(case=case).address == "某某县城关镇新街5号"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    timeline = page.split('id="timeline"', 1)[1]
    assert "某某县城关镇新街5号" in timeline and "补充住所" in timeline


def test_a_refused_correction_shows_its_error_and_changes_nothing(client, register, volunteer):
    case = register()
    client.force_login(volunteer)
    response = client.post(f"/cases/{case.pk}/corrections/", {
        "who": "applicant-1", "field": "phone", "value": "12345", "reason": "更正"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="correct-party" open' in page and 'id_correction_value_error' in page
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_a_volunteer_gets_no_correction_form_once_the_case_is_accepted(client, register, walk, volunteer, mediator):
    case = walk(register(), ("accept", mediator, {}))
    client.force_login(volunteer)
    assert 'id="correct-party"' not in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(f"/cases/{case.pk}/corrections/", {
        "who": "applicant-1", "field": "address", "value": "新地址", "reason": "补充"})
    assert response.status_code == 403 and Applicant.objects.get(case=case).address == ""


def test_a_mediator_declares_a_relation_and_the_assignment_marks_them(
        client, register, walk, mediator, supervisor):
    case = walk(register(), ("accept", mediator, {}))
    client.force_login(mediator)
    response = client.post("/relations/", {"employer_name": "某某服装有限公司",
                                           "employer_uscc": case.employer.uscc, "relation": "配偶在该公司任会计"})
    assert response.status_code == 302
    relation = MediatorRelation.objects.get()
    assert (relation.mediator, relation.employer_id) == (mediator, case.employer_id)
    entry = RelationDeclaration.objects.get()
    assert (entry.action, entry.recorded_by, entry.relation) == ("declared", mediator, "配偶在该公司任会计")
    client.force_login(supervisor)
    board = client.get("/supervisor/board/").content.decode()
    assert "陈调解（存在利害关系：配偶在该公司任会计）" in board or "配偶在该公司任会计" in board
    refused = client.post(f"/cases/{case.pk}/actions/assign/", {"mediator": mediator.pk})
    assert "配偶在该公司任会计" in refused.content.decode()
    assert case.__class__.objects.get(pk=case.pk).mediator is None


def test_a_supervisor_records_a_relation_for_a_mediator_and_a_withdrawal_is_logged(client, mediator, supervisor):
    employer = EmployerFactory(name="某某县宏建劳务有限公司")
    client.force_login(supervisor)
    assert client.post("/relations/", {"employer_name": employer.name, "employer_uscc": employer.uscc,
                                       "relation": "曾任该公司法务"}).status_code == 400  # whose?
    assert client.post("/relations/", {"mediator": mediator.pk, "employer_name": employer.name,
                                       "employer_uscc": employer.uscc, "relation": "曾任该公司法务"}).status_code == 302
    relation = MediatorRelation.objects.get()
    assert client.post(f"/relations/{relation.pk}/withdraw/", {"note": "已离职五年"}).status_code == 302
    assert not MediatorRelation.objects.exists()
    assert list(RelationDeclaration.objects.order_by("id").values_list("action", "recorded_by", "note")) == [
        ("declared", supervisor.pk, ""), ("withdrawn", supervisor.pk, "已离职五年")]
    page = client.get("/relations/").content.decode()
    assert "已离职五年" in page and "曾任该公司法务" in page


def test_the_relations_page_is_for_mediators_and_supervisors(client, volunteer, mediator, other_mediator):
    client.force_login(volunteer)
    assert client.get("/relations/").status_code == 403
    employer = EmployerFactory()
    relation = MediatorRelation.objects.create(mediator=other_mediator, employer=employer, relation="表兄在该公司任厂长")
    client.force_login(mediator)
    assert "表兄在该公司任厂长" not in client.get("/relations/").content.decode()  # another mediator's
    assert client.post(f"/relations/{relation.pk}/withdraw/").status_code == 404
    assert MediatorRelation.objects.filter(pk=relation.pk).exists()


def test_a_user_records_their_own_document_on_the_password_page(client, mediator):
    client.force_login(mediator)
    assert 'id="staff-identity"' in client.get("/password/").content.decode()
    assert client.post("/password/identity/", {"id_type": "resident_id", "id_number": "123"}).status_code == 400
    assert client.post("/password/identity/", {"id_type": "resident_id", "id_number": id_number(7)}).status_code == 302
    page = client.get("/password/").content.decode()
    assert id_number(7) not in page and id_number(7)[-4:] in page
    assert identities.staff_holding("resident_id", id_number(7)) == [mediator]
    client.post("/password/identity/", {"forget": "1"})
    assert identities.staff_holding("resident_id", id_number(7)) == []


def test_the_employer_lookup_offers_only_what_the_user_may_see(client, register, volunteer):
    register(employer={**registration_body()["employer"], "legal_representative": "刘建华"})
    client.force_login(volunteer)
    [own] = client.get("/employers/lookup/", {"q": "服装"}).json()["results"]
    assert (own["address"], own["legal_representative"]) == ("某某县工业园区纬三路8号", "刘建华")
    assert "contact_phone" not in own
    client.force_login(UserFactory(username="volunteer2", role="volunteer"))
    [stranger] = client.get("/employers/lookup/", {"q": "服装"}).json()["results"]
    assert set(stranger) == {"id", "name", "uscc"}  # the identity only: nothing of a case they may not see


def test_a_supervisor_sees_records_and_withdraws_the_relations_of_their_units_mediators_only(client, units):  # noqa: F811
    """Declared relations are personal: a county's supervisor keeps those of its mediators (and of the
    units below it), the city's those of both counties; another county's answer as unknown."""
    u = units.users
    east_employer, west_employer = EmployerFactory(name="某某东县制衣有限公司"), EmployerFactory(name="某某西县建材有限公司")
    east = MediatorRelation.objects.create(mediator=u["east_mediator"], employer=east_employer, relation="配偶任会计")
    west = MediatorRelation.objects.create(mediator=u["west_mediator"], employer=west_employer, relation="表兄任厂长")
    RelationDeclaration.objects.create(action="declared", mediator=u["west_mediator"], employer=west_employer,
                                       relation="表兄任厂长", recorded_by=u["west_supervisor"])

    client.force_login(u["east_supervisor"])
    page = client.get("/relations/")
    html = page.content.decode()
    assert "配偶任会计" in html and "表兄任厂长" not in html and "某某西县建材有限公司" not in html
    assert [m.username for m in page.context["form"].fields["mediator"].queryset] == ["east_mediator"]
    refused = client.post("/relations/", {"mediator": u["west_mediator"].pk, "employer_name": east_employer.name,
                                          "employer_uscc": east_employer.uscc, "relation": "曾任该公司法务"})
    assert refused.status_code == 400 and "mediator" in refused.context["form"].errors
    assert client.post(f"/relations/{west.pk}/withdraw/", {"note": "误录"}).status_code == 404
    assert MediatorRelation.objects.filter(pk=west.pk).exists()
    assert MediatorRelation.objects.filter(mediator=u["west_mediator"]).count() == 1
    with pytest.raises(NotPermitted):
        conflicts.declare(actor=u["east_supervisor"], mediator=u["west_mediator"], employer=east_employer,
                          relation="曾任该公司法务")

    client.force_login(u["city_supervisor"])
    html = client.get("/relations/").content.decode()
    assert "配偶任会计" in html and "表兄任厂长" in html
    assert client.post(f"/relations/{east.pk}/withdraw/", {"note": "已离职"}).status_code == 302

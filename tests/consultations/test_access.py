"""Who sees which consultation (404 otherwise), whose phone reads unmasked, and the access log."""

import pytest

from casedesk.cases.models import PersonalDataAccess
from casedesk.consultations import services
from casedesk.consultations.access import visible_consultations

from ..conftest import client_for, registration_body
from ..factories import UserFactory
from .conftest import WITH_CONTACT

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_volunteer(db):
    return UserFactory(username="volunteer2", role="volunteer")


def test_a_volunteer_cannot_read_another_volunteers_consultation(client, consult, volunteer, other_volunteer):
    hidden = consult(actor=other_volunteer, **WITH_CONTACT)
    client.force_login(volunteer)
    assert client.get(f"/consultations/{hidden.pk}/").status_code == 404
    assert client_for(volunteer).get(f"/api/consultations/{hidden.pk}/").status_code == 404
    assert client_for(volunteer).get("/api/consultations/").json()["count"] == 0
    listing = client.get("/consultations/").content.decode()
    assert f'data-consultation="{hidden.pk}"' not in listing and hidden.question[:10] not in listing
    converted = client_for(volunteer).post(f"/api/consultations/{hidden.pk}/convert/", registration_body(),
                                           format="json")
    assert converted.status_code == 404
    hidden.refresh_from_db()
    assert hidden.case_id is None


def test_the_same_answer_for_a_hidden_and_a_missing_consultation(client, consult, volunteer, other_volunteer):
    hidden = consult(actor=other_volunteer)
    client.force_login(volunteer)
    for url in ("/consultations/{}/", "/api/consultations/{}/", "/cases/new/?consultation={}"):
        assert client.get(url.format(hidden.pk)).status_code == client.get(url.format(987654)).status_code == 404


def test_supervisors_see_every_consultation(consult, volunteer, other_volunteer, supervisor):
    mine, theirs = consult(), consult(actor=other_volunteer)
    listed = {c["id"] for c in client_for(supervisor).get("/api/consultations/").json()["results"]}
    assert listed == {mine.pk, theirs.pk}


def test_mediators_see_their_own_and_those_behind_the_cases_they_see(
        consult, mediator, other_mediator, supervisor, walk):
    own = consult(actor=mediator)
    converted = consult(actor=supervisor, **WITH_CONTACT)
    other = consult(actor=supervisor)
    case = services.convert_to_case(consultation=converted, actor=supervisor,
                                    data=services.with_consultation(converted, registration_body(), supervisor)).case
    # A case waiting for acceptance is in every mediator's sight, and so is its consultation ...
    assert set(visible_consultations(mediator)) == {own, converted}
    walk(case, ("accept", mediator, {}), ("assign", supervisor, {"mediator": other_mediator.pk}))
    # ... until another mediator is assigned; that mediator sees it now.
    assert set(visible_consultations(mediator)) == {own}
    assert set(visible_consultations(other_mediator)) == {converted}
    assert other not in visible_consultations(other_mediator)


def test_the_phone_reads_unmasked_for_who_took_it_down_and_supervisors_only(
        consult, volunteer, mediator, supervisor, walk):
    recorded = consult(**WITH_CONTACT)
    case = services.convert_to_case(consultation=recorded, actor=volunteer,
                                    data=services.with_consultation(recorded, registration_body(), volunteer)).case
    walk(case, ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}))
    phones = {user.username: client_for(user).get(f"/api/consultations/{recorded.pk}/").json()["phone"]
              for user in (volunteer, mediator, supervisor)}
    assert phones == {"volunteer1": "13907975120", "mediator1": "139****5120", "supervisor1": "13907975120"}
    listed = client_for(supervisor).get("/api/consultations/").json()["results"][0]["phone"]
    assert listed == "139****5120"  # lists always mask


def test_every_unmasked_view_is_logged_and_a_masked_one_is_not(client, consult, volunteer, other_volunteer, supervisor):
    recorded = consult(**WITH_CONTACT)
    without_phone = consult()
    client.force_login(supervisor)
    page = client.get(f"/consultations/{recorded.pk}/").content.decode()
    assert 'id="contact-phone">13907975120<' in page
    client_for(volunteer).get(f"/api/consultations/{recorded.pk}/")
    client.get(f"/consultations/{without_phone.pk}/")
    logged = PersonalDataAccess.objects.filter(action="view_consultation").order_by("pk")
    assert [(row.user, row.detail) for row in logged] == [
        (supervisor, {"consultation": recorded.pk}), (volunteer, {"consultation": recorded.pk})]


def test_the_access_log_names_the_consultation_views_in_words(client, consult, supervisor):
    recorded = consult(**WITH_CONTACT)
    client.force_login(supervisor)
    client.get(f"/consultations/{recorded.pk}/")
    page = client.get("/reports/access-log/").content.decode()
    assert "查看未脱敏的咨询联系电话" in page and "view_consultation" not in page.split("<table", 1)[1]

"""A consultation becomes a case through the one intake service: the registration page opens
filled from it, the case and the consultation link to each other, and a second try is refused."""

import pytest

from casedesk.cases import clock
from casedesk.cases.errors import NotPermitted
from casedesk.cases.models import Case, CaseEvent
from casedesk.consultations import services
from casedesk.consultations.models import Consultation

from ..conftest import client_for, registration_body
from ..desk.conftest import registration_post
from .conftest import WITH_CONTACT, snapshot

pytestmark = pytest.mark.django_db


def without(body, *keys):
    return {k: v for k, v in body.items() if k not in keys}


def test_the_api_converts_a_consultation_into_a_case_linked_both_ways(consult, volunteer):
    recorded = consult(topic="injury_recognition", channel="walk_in", **WITH_CONTACT)
    body = without(registration_body(), "channel", "category", "summary")
    response = client_for(volunteer).post(f"/api/consultations/{recorded.pk}/convert/", body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    case = Case.objects.get(pk=created["id"])
    assert (case.channel, case.category, case.registered_by) == ("walk_in", "work_injury", volunteer)
    assert case.summary.startswith("2026年11月2日咨询：在服装厂做缝纫工") and "答复意见：告知可申请工会调解" in case.summary
    assert created["consultation"] == recorded.pk and created["status"] == "submitted"
    recorded.refresh_from_db()
    assert recorded.case == case and recorded.converted_at == clock.now()
    assert client_for(volunteer).get(f"/api/cases/{case.pk}/").json()["consultation"] == recorded.pk
    shown = client_for(volunteer).get(f"/api/consultations/{recorded.pk}/").json()
    assert shown["converted"] is True and shown["case"] == {"id": case.pk, "number": case.number}
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == ["create"]


def test_the_consultations_worker_is_the_applicant_unless_the_body_says_otherwise(consult, volunteer):
    recorded = consult(**WITH_CONTACT)
    body = without(registration_body(), "applicants")
    response = client_for(volunteer).post(f"/api/consultations/{recorded.pk}/convert/", body, format="json")
    # The consultation gave a name and a phone but no document: intake asks for it, and nothing is saved.
    assert response.status_code == 400
    assert "applicants.0.id_number" in response.json()["fields"]
    assert Case.objects.count() == 0
    body["applicants"] = [{"name": "蓝秀梅", "id_type": "none", "phone": "13907975120", "employment_form": "contract"}]
    assert client_for(volunteer).post(f"/api/consultations/{recorded.pk}/convert/", body,
                                      format="json").status_code == 201


def test_a_consultation_becomes_a_case_once(consult, volunteer, supervisor):
    recorded = consult()
    client_for(volunteer).post(f"/api/consultations/{recorded.pk}/convert/", registration_body(), format="json")
    before = snapshot()
    again = client_for(supervisor).post(f"/api/consultations/{recorded.pk}/convert/", registration_body(),
                                        format="json")
    assert again.status_code == 409
    assert again.json() == {"error": "wrong_state", "detail": "该咨询已转为案件。", "fields": {}}
    assert snapshot() == before


def test_bad_registration_data_converts_nothing(consult, volunteer):
    recorded = consult()
    before = snapshot()
    body = registration_body(dispute_started_on="2026-12-01")
    response = client_for(volunteer).post(f"/api/consultations/{recorded.pk}/convert/", body, format="json")
    assert response.status_code == 400 and "dispute_started_on" in response.json()["fields"]
    not_an_object = client_for(volunteer).post(f"/api/consultations/{recorded.pk}/convert/", [1], format="json")
    assert not_an_object.status_code == 400
    assert snapshot() == before


def test_the_service_refuses_a_consultation_the_actor_may_not_see(consult, volunteer, other_mediator):
    recorded = consult()
    before = snapshot()
    with pytest.raises(NotPermitted):
        services.convert_to_case(consultation=recorded, actor=other_mediator, data=registration_body())
    assert snapshot() == before


# ---- on the desk ---------------------------------------------------------------------------

def test_the_registration_page_opens_filled_from_the_consultation(client, consult, volunteer):
    recorded = consult(topic="contract_termination", channel="online", employment_form="platform", **WITH_CONTACT)
    client.force_login(volunteer)
    detail = client.get(f"/consultations/{recorded.pk}/").content.decode()
    assert f'href="/cases/new/?consultation={recorded.pk}" id="convert"' in detail
    page = client.get(f"/cases/new/?consultation={recorded.pk}").content.decode()
    assert f'name="consultation" value="{recorded.pk}"' in page
    assert '<option value="online" selected>' in page and '<option value="contract_termination" selected>' in page
    assert 'value="蓝秀梅"' in page and 'value="13907975120"' in page
    assert '<option value="platform" selected>' in page
    assert "2026年11月2日咨询：在服装厂做缝纫工" in page
    assert "正在将2026年11月2日 09:30的咨询登记为案件" in page  # dates in Chinese text as the desk writes them


def test_registering_from_the_page_converts_and_links_both_ways(client, consult, volunteer):
    recorded = consult()
    client.force_login(volunteer)
    post = registration_post()
    post["consultation"] = str(recorded.pk)
    response = client.post("/cases/new/", post)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    recorded.refresh_from_db()
    assert recorded.case == case
    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/consultations/{recorded.pk}/" id="source-consultation"' in case_page
    detail = client.get(f"/consultations/{recorded.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/" id="converted-case">{case.number}<' in detail
    # Opening the page again sends the user back to the consultation: it is a case already.
    again = client.get(f"/cases/new/?consultation={recorded.pk}")
    assert again.status_code == 302 and again["Location"] == f"/consultations/{recorded.pk}/"


def test_a_refused_registration_from_the_page_keeps_the_consultation_open(client, consult, volunteer):
    recorded = consult()
    client.force_login(volunteer)
    post = registration_post()
    post.update({"consultation": str(recorded.pk), "case-dispute_started_on": "2026-12-01"})
    before = snapshot()
    response = client.post("/cases/new/", post)
    assert response.status_code == 400 and f'name="consultation" value="{recorded.pk}"' in response.content.decode()
    assert snapshot() == before
    assert Consultation.objects.get().case_id is None

"""Recording a mediation session from the case page."""

import pytest

from casedesk.cases.models import CaseEvent, MediationSession

from ..conftest import unchanged
from .conftest import field_error

pytestmark = pytest.mark.django_db

SESSION = {"held_at": "2026-11-02T09:30", "place": "县总工会调解室", "present": "申请人张0、被申请人代表刘经理",
           "statements": "申请人要求支付拖欠工资；被申请人同意分期支付。"}


def test_the_assigned_mediator_records_a_session(login, mediating, mediator):
    case = mediating()
    response = login(mediator).post(f"/cases/{case.pk}/sessions/", SESSION)
    assert response.status_code == 302
    session = MediationSession.objects.get()
    assert (session.case, session.mediator, session.place) == (case, mediator, "县总工会调解室")
    event = CaseEvent.objects.filter(case=case).last()
    assert event.action == "record_session" and event.data["session"] == session.pk
    assert "县总工会调解室" in login(mediator).get(f"/cases/{case.pk}/").content.decode()


def test_a_session_in_the_future_is_refused_next_to_the_field_and_the_text_is_kept(login, mediating, mediator):
    case = mediating()
    with unchanged(case):
        response = login(mediator).post(f"/cases/{case.pk}/sessions/", {**SESSION, "held_at": "2027-01-05T09:30"})
    page = response.content.decode()
    assert response.status_code == 400
    assert field_error(page, "id_session_held_at")
    assert "被申请人同意分期支付" in page and 'id="record-session" open' in page
    assert MediationSession.objects.count() == 0
    assert not CaseEvent.objects.filter(action="record_session").exists()


def test_another_mediator_cannot_record_a_session(login, mediating, other_mediator):
    case = mediating()
    with unchanged(case):
        assert login(other_mediator).post(f"/cases/{case.pk}/sessions/", SESSION).status_code == 404
    assert MediationSession.objects.count() == 0


def test_no_session_before_mediation_starts(login, register, supervisor):
    case = register()
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="record-session"' not in page
    with unchanged(case):
        response = login(supervisor).post(f"/cases/{case.pk}/sessions/", SESSION)
    assert response.status_code == 409
    assert 'class="alert error" role="alert"' in response.content.decode()
    assert MediationSession.objects.count() == 0

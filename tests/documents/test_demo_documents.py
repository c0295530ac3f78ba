"""The cases walked through every document (fixtures/demo_documents.py) go through the services."""

import pytest

from casedesk.cases import audit
from casedesk.cases.models import CaseEvent, MediationSession
from casedesk.demo.management.commands.load_demo import load_fixture

pytestmark = pytest.mark.django_db


def test_the_document_demo_records_its_session_through_the_step_service():
    demo = load_fixture("demo_documents")
    volunteer, mediator, supervisor = demo.demo_users()
    case, _ = demo.agreed_case(volunteer, mediator, supervisor, issue_documents=False)
    session = MediationSession.objects.get(case=case)
    event = CaseEvent.objects.get(case=case, action="record_session")
    assert event.data["session"] == session.pk and event.actor == mediator
    times = list(CaseEvent.objects.filter(case=case).order_by("seq").values_list("at", flat=True))
    assert times == sorted(times)
    assert audit.verify_case(case) is None

"""An online application stores the worker's document number and phone only encrypted (on the case's
rows), and the query code nowhere in clear: the every-column scan over every table, portal's included."""

import pytest

from casedesk.cases import transitions
from casedesk.portal.models import Application

from ..cases.test_personal_data import scan_database
from .conftest import WORKER_ID, application_post

pytestmark = pytest.mark.django_db


def test_no_document_number_phone_or_query_code_is_stored_in_clear(apply, client, mediator,
                                                                   django_capture_on_commit_callbacks, settings):
    settings.CASEDESK_PORTAL_MESSAGE_BACKEND = "casedesk.portal.messages.LoggingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        number, code = apply()
    case = Application.objects.get().case
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "accept", mediator)
    assert client.post("/track/", {"tracking_number": number, "query_code": code}).status_code == 302
    assert client.get("/track/").status_code == 200
    phone = application_post()["phone"]
    found = scan_database([WORKER_ID, phone, code])
    assert found == {}
    # The scan is not blind: the tracking number is stored in clear, and found.
    assert ("portal_application", "tracking_number") in scan_database([number])

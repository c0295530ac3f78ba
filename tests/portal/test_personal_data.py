"""An online application stores the worker's document number and phone only encrypted (on the case's
rows), the desk's request for more and the worker's answer only encrypted, and the query code nowhere in
clear: the every-column scan over every table, portal's included."""

import pytest

from casedesk.cases import steps, transitions
from casedesk.portal import review
from casedesk.portal.models import Application, InformationRequest

from ..cases.test_personal_data import scan_database
from .conftest import WORKER_ID, application_post

pytestmark = pytest.mark.django_db


ANSWER = "我的工资卡是6222029999888877776，工资条照片已上传。"
QUESTION = "请说明工资发放到哪张银行卡（尾号即可）。"


def test_no_document_number_phone_or_query_code_is_stored_in_clear(apply, client, mediator, volunteer,
                                                                   django_capture_on_commit_callbacks, settings):
    settings.CASEDESK_PORTAL_MESSAGE_BACKEND = "casedesk.portal.messages.LoggingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        number, code = apply()
    application = Application.objects.get()
    case = application.case
    # The desk asks for more and the worker answers: both texts are kept encrypted, never in the audit chain.
    with django_capture_on_commit_callbacks(execute=True):
        steps.record(case, "ask_information", volunteer, request=QUESTION)
        review.answer(application, text=ANSWER, files=[])
    assert InformationRequest.objects.get().answer == ANSWER
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "accept", mediator)
    assert client.post("/track/", {"tracking_number": number, "query_code": code}).status_code == 302
    assert client.get("/track/").status_code == 200
    phone = application_post()["phone"]
    found = scan_database([WORKER_ID, phone, code, ANSWER, "6222029999888877776", QUESTION])
    assert found == {}
    # The scan is not blind: the tracking number is stored in clear, and found.
    assert ("portal_application", "tracking_number") in scan_database([number])

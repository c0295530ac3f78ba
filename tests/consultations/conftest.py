"""Consultations recorded through the service, and the request bodies the API takes."""

import pytest

from casedesk.cases.models import Applicant, Case, CaseEvent, Person
from casedesk.consultations import services
from casedesk.consultations.models import Consultation


def consultation_body(**overrides):
    body = {
        "channel": "hotline_12351",
        "asked_at": "2026-11-02 09:30",
        "topic": "wage_arrears",
        "employment_form": "contract",
        "people": 1,
        "question": "在服装厂做缝纫工，老板拖欠两个月工资，怎么办？",
        "answer": "告知可申请工会调解，请带身份证和工资记录来登记。",
    }
    body.update(overrides)
    return body


WITH_CONTACT = {"contact_consent": True, "name": "蓝秀梅", "phone": "13907975120"}


def snapshot():
    """What a refused consultation or conversion must leave as it was."""
    return {
        "consultations": list(Consultation.objects.order_by("pk").values_list("pk", "case_id", "converted_at")),
        "cases": Case.objects.count(), "people": Person.objects.count(), "applicants": Applicant.objects.count(),
        "events": CaseEvent.objects.count(),
    }


@pytest.fixture
def consult(volunteer):
    """Record a consultation through the service (as the volunteer unless told otherwise)."""

    def _consult(actor=None, **overrides):
        return services.record_consultation(actor=actor or volunteer, data=consultation_body(**overrides))

    return _consult

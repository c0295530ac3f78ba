"""The dates a step records are checked against the case: a letter sent or an employer notified before the
case was registered is a typing mistake, refused with the day it was registered, nothing recorded."""

import pytest

from casedesk.cases import steps
from casedesk.cases.choices import Status
from casedesk.cases.errors import InvalidData

from ..conftest import COURT_REFERRAL, unchanged

pytestmark = pytest.mark.django_db

BEFORE_REGISTRATION = "日期早于本案登记日期（2026年11月2日）：请核对。"


@pytest.mark.parametrize(("state", "registration", "step", "data", "field"), [
    (Status.MEDIATING, {}, "employer_notified", {"notified_on": "2026-10-30", "means": "phone"}, "notified_on"),
    (Status.CLOSED, {"channel": "court_delegated", "court_referral": COURT_REFERRAL}, "court_feedback_sent",
     {"sent_on": "2026-10-30", "note": "邮寄"}, "sent_on"),
])
def test_a_date_before_the_case_was_registered_is_refused(case_at, supervisor, state, registration, step, data,
                                                          field):
    case = case_at(state, **registration)
    with unchanged(case), pytest.raises(InvalidData) as refused:
        steps.record(case, step, supervisor, **data)
    assert refused.value.fields == {field: [BEFORE_REGISTRATION]}


def test_the_day_of_registration_itself_is_taken(case_at, supervisor):
    case = case_at(Status.MEDIATING)
    event = steps.record(case, "employer_notified", supervisor, notified_on="2026-11-02", means="phone")
    assert event.data["notified_on"] == "2026-11-02"

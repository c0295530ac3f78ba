"""Correcting a registered case before mediation ends (issue 13): its summary and the amount of a claim,
through the one correction step, each an audited event with before and after."""

from decimal import Decimal

import pytest

from casedesk.cases import steps
from casedesk.cases.choices import Status
from casedesk.cases.errors import InvalidData, TransitionNotAllowed
from casedesk.cases.models import CaseEvent, PersonalDataAccess

from ..conftest import id_number, unchanged

pytestmark = pytest.mark.django_db

REASON = "登记时笔误，经申请人确认更正。"
CLAIMS = [{"kind": "wage", "amount": "18600.00", "description": "工资"},
          {"kind": "severance", "amount": "6200.50", "description": "经济补偿"}]


def correct(case, actor, **data):
    return steps.record(case, "correct_party", actor, reason=REASON, **data)


def test_the_summary_is_corrected_and_the_event_keeps_before_and_after(register, volunteer):
    case = register()
    before = case.summary
    event = correct(case, volunteer, party="case", field="summary", value="申请人在被申请人处从事裁剪工作。")
    case.refresh_from_db()
    assert case.summary == "申请人在被申请人处从事裁剪工作。"
    assert event.action == "correct_party"
    assert event.data == {"party": "case", "field": "summary", "before": before,
                          "after": "申请人在被申请人处从事裁剪工作。", "reason": REASON}


def test_a_claim_amount_is_corrected_and_the_total_follows(case_at, mediator):
    case = case_at(Status.MEDIATING, claims=CLAIMS)
    event = correct(case, mediator, party="claim", claim=2, field="amount", value="6800.00")
    case.refresh_from_db()
    assert [c.amount for c in case.claims.order_by("id")] == [Decimal("18600.00"), Decimal("6800.00")]
    assert case.claimed_total == Decimal("25400.00")
    assert (event.data["claim"], event.data["before"], event.data["after"]) == (2, "6200.50", "6800.00")


@pytest.mark.parametrize("data, field", [
    ({"party": "claim", "claim": 3, "field": "amount", "value": "1.00"}, "claim"),
    ({"party": "claim", "field": "amount", "value": "1.00"}, "claim"),
    ({"party": "claim", "claim": 1, "field": "amount", "value": "五千元"}, "value"),
    ({"party": "claim", "claim": 1, "field": "amount", "value": ""}, "value"),
    ({"party": "claim", "claim": 1, "field": "summary", "value": "x"}, "field"),
    ({"party": "case", "field": "summary", "value": ""}, "value"),
    ({"party": "case", "field": "summary", "value": "长" * 5001}, "value"),
    ({"party": "case", "field": "name", "value": "x"}, "field"),
])
def test_a_bad_case_correction_is_refused_and_changes_nothing(case_at, mediator, data, field):
    case = case_at(Status.MEDIATING, claims=CLAIMS)
    with unchanged(case), pytest.raises(InvalidData) as refused:
        correct(case, mediator, **data)
    assert field in refused.value.fields


@pytest.mark.parametrize("state", [Status.AGREED, Status.FAILED, Status.CLOSED])
def test_after_mediation_the_summary_and_claims_stay(case_at, supervisor, state):
    case = case_at(state)
    for data in ({"party": "case", "field": "summary", "value": "新的案情"},
                 {"party": "claim", "claim": 1, "field": "amount", "value": "1.00"}):
        with unchanged(case), pytest.raises(TransitionNotAllowed):
            correct(case, supervisor, **data)


def test_a_partys_data_may_still_be_corrected_after_mediation(case_at, supervisor):
    case = case_at(Status.AGREED)
    correct(case, supervisor, party="applicant", applicant=1, field="job", value="裁剪工")
    assert CaseEvent.objects.filter(case=case, action="correct_party").count() == 1


def new_worker(n=7, **overrides):
    return {"name": "王七", "id_type": "resident_id", "id_number": id_number(n), "phone": "13800137777",
            "employment_form": "dispatch", **overrides}


def test_a_missing_worker_is_added_with_the_case_counts_and_an_audited_event(register, volunteer):
    case = register()
    event = correct(case, volunteer, party="new_applicant", new_applicant=new_worker())
    case.refresh_from_db()
    assert case.applicant_count == 2
    added = case.applicants.get(position=1)
    assert (added.name, added.phone, added.employment_form) == ("王七", "13800137777", "dispatch")
    assert added.person.id_number == id_number(7) and added.person.id_verified
    assert case.employment_forms == ",contract,dispatch,"
    assert event.data["party"] == "new_applicant" and event.data["applicant"] == 2
    assert event.data["after"].startswith("王七 ") and id_number(7) not in event.data["after"]  # masked
    assert PersonalDataAccess.objects.filter(action="identity_lookup", detail__where="correction").count() == 1


@pytest.mark.parametrize("worker, field", [
    (new_worker(0), "new_applicant.id_number"),  # already on the case (registration_body's 张0)
    (new_worker(name=""), "new_applicant.name"),
    (new_worker(id_number="330102198806150000"), "new_applicant.id_number"),
    (new_worker(employment_form="boss"), "new_applicant.employment_form"),
    ("王七", "new_applicant"),
])
def test_a_bad_new_worker_is_refused_and_changes_nothing(register, volunteer, worker, field):
    case = register()
    with unchanged(case), pytest.raises(InvalidData) as refused:
        correct(case, volunteer, party="new_applicant", new_applicant=worker)
    assert field in refused.value.fields


def test_a_worker_on_record_under_another_name_needs_confirmation(register, volunteer, supervisor):
    register(applicants=[{"name": "王七", "id_number": id_number(7), "employment_form": "contract"}],
             employer={"name": "另一家公司"})
    case = register()
    with unchanged(case), pytest.raises(InvalidData) as refused:
        correct(case, volunteer, party="new_applicant", new_applicant=new_worker(name="王柒"))
    assert "new_applicant.id_number" in refused.value.fields
    event = correct(case, volunteer, party="new_applicant", new_applicant=new_worker(name="王柒", name_confirmed=True))
    assert event.data["name_differs"] == [2]


def test_no_worker_is_added_after_mediation(case_at, supervisor):
    case = case_at(Status.AGREED)
    with unchanged(case), pytest.raises(TransitionNotAllowed):
        correct(case, supervisor, party="new_applicant", new_applicant=new_worker())

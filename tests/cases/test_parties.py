"""Parties that stay true (issue 14): each case keeps its parties as registered; a later case never
rewrites an earlier one; a correction is an audited step on its case, and only there."""

import datetime
import io

import pytest
from django.core.management import call_command

from casedesk.cases import identities, intake, steps
from casedesk.cases.errors import InvalidData, NotPermitted, TransitionNotAllowed
from casedesk.cases.models import Applicant, Case, CaseEmployer, CaseEvent, Employer, Person
from casedesk.payments import services as payments

from ..conftest import AGREEMENT, id_number, registration_body

pytestmark = pytest.mark.django_db

WORKER = {"name": "张国强", "id_number": id_number(43), "phone": "13907971234", "address": "某某县城关镇解放路1号",
          "bank_account": "6222021234567890123", "job": "缝纫工", "employed_from": "2024-03-01",
          "employed_until": "2026-09-30", "employment_form": "contract"}
EMPLOYER = {**registration_body()["employer"], "legal_representative": "刘某某", "legal_representative_title": "执行董事"}


def body(worker=None, **overrides):
    return registration_body(**{"applicants": [dict(worker or WORKER)], "employer": dict(EMPLOYER), **overrides})


def register(actor, worker=None, **overrides):
    return intake.register_case(actor=actor, data=body(worker, **overrides)).case


def archived(case, walk, mediator, supervisor):
    case = walk(case, ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}),
                ("reach_agreement", mediator, AGREEMENT))
    payments.record_payment(case, mediator, paid_on="2026-11-02", amount=AGREEMENT["amount"], method="transfer")
    return walk(case, ("close", supervisor, {}), ("archive", supervisor, {}))


def applicant_row(case):
    row = Applicant.objects.get(case=case)
    return (row.name, row.phone, row.address, row.bank_account, row.job, row.employed_from, row.employed_until,
            row.employment_form)


def respondent_row(case):
    row = CaseEmployer.objects.get(case=case)
    return (row.name, row.address, row.legal_representative, row.legal_representative_title, row.contact_name,
            row.contact_phone)


def verify_audit():
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


# ---- registration writes each case's own rows ------------------------------------------------

def test_registration_keeps_what_the_case_says_of_its_parties_on_the_case(volunteer):
    case = register(volunteer)
    assert applicant_row(case) == ("张国强", "13907971234", "某某县城关镇解放路1号", "6222021234567890123", "缝纫工",
                                   datetime.date(2024, 3, 1), datetime.date(2026, 9, 30), "contract")
    assert respondent_row(case) == ("某某服装有限公司", "某某县工业园区纬三路8号", "刘某某", "执行董事", "刘经理",
                                    "0571-88886666")
    person = Person.objects.get()
    assert (person.name, person.id_number, person.id_verified) == ("张国强", WORKER["id_number"], True)
    assert list(Employer.objects.values_list("name", "uscc")) == [("某某服装有限公司", EMPLOYER["uscc"])]


def test_a_later_case_of_the_same_person_never_rewrites_an_archived_one(volunteer, mediator, supervisor, walk):
    first = archived(register(volunteer), walk, mediator, supervisor)
    before = (applicant_row(first), respondent_row(first), list(CaseEvent.objects.filter(case=first).values()))
    moved = {**WORKER, "phone": "13907970000", "address": "某某县梅江镇新村2号", "bank_account": "6217000011112222333",
             "job": "裁剪工"}
    second = register(volunteer, moved, employer={**EMPLOYER, "address": "某某县新区9号", "legal_representative": "王某",
                                                  "contact_phone": "0571-11112222"})

    assert (applicant_row(first), respondent_row(first), list(CaseEvent.objects.filter(case=first).values())) == before
    assert applicant_row(second)[1:4] == ("13907970000", "某某县梅江镇新村2号", "6217000011112222333")
    assert respondent_row(second)[1:3] == ("某某县新区9号", "王某")
    assert Applicant.objects.get(case=first).person_id == Applicant.objects.get(case=second).person_id
    assert Case.objects.get(pk=second.pk).employer_id == first.employer_id


def test_a_number_on_record_under_another_name_is_refused_without_the_name(volunteer, register):
    register(applicants=[{**WORKER, "name": "甘永明"}])
    cases = Case.objects.count()
    with pytest.raises(InvalidData) as refused:
        intake.register_case(actor=volunteer, data=body())
    message = " ".join(refused.value.fields["applicants.0.id_number"])
    assert "不同" in message or "different" in message
    assert "甘" not in message and "永明" not in message
    assert Case.objects.count() == cases


def test_a_confirmed_other_name_is_kept_on_the_case_only(volunteer, register):
    first = register(applicants=[{**WORKER, "name": "甘永明"}])
    case = intake.register_case(actor=volunteer, data=body({**WORKER, "name_confirmed": True})).case
    assert Applicant.objects.get(case=case).name == "张国强"
    assert Applicant.objects.get(case=first).name == "甘永明"
    assert Person.objects.get().name == "甘永明"  # the verified name stays
    assert CaseEvent.objects.get(case=case, action="create").data["name_differs"] == [1]


def test_a_worker_holding_a_staff_members_document_is_flagged(volunteer, mediator, supervisor, walk):
    identities.record_staff_identity(user=mediator, id_type="resident_id", id_number=WORKER["id_number"])
    case = register(volunteer)
    assert CaseEvent.objects.get(case=case, action="create").data["staff_applicants"] == [1]
    case = walk(case, ("accept", supervisor, {}))
    with pytest.raises(InvalidData) as refused:
        walk(case, ("assign", supervisor, {"mediator": mediator.pk}))
    assert "mediator" in refused.value.fields
    assert Case.objects.get(pk=case.pk).mediator is None


# ---- corrections ------------------------------------------------------------------------------

def correct(case, actor, **data):
    return steps.record(case, "correct_party", actor, **data)


def test_a_correction_changes_its_case_only_and_is_in_the_chain_masked(volunteer, mediator, supervisor, walk):
    first = register(volunteer)
    second = register(volunteer, summary="同一工人的另一宗争议。")
    case = walk(second, ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}))
    untouched = applicant_row(first)

    event = correct(case, mediator, party="applicant", applicant=1, field="phone", value="13800001111",
                    reason="当事人更换手机号码")

    assert applicant_row(case)[1] == "13800001111"
    assert applicant_row(first) == untouched
    assert event.action == "correct_party" and event.actor == mediator
    assert event.data == {"party": "applicant", "applicant": 1, "field": "phone", "before": "139****1234",
                          "after": "138****1111", "reason": "当事人更换手机号码"}
    assert "13907971234" not in str(CaseEvent.objects.filter(case=case).values_list("data", flat=True))
    assert "audit intact" in verify_audit()


def test_correcting_the_employer_and_the_document_number(volunteer, supervisor):
    case = register(volunteer)
    correct(case, supervisor, party="employer", field="legal_representative", value="赵某", reason="营业执照为准")
    correct(case, supervisor, party="applicant", applicant=1, field="id_number", value=id_number(44),
            reason="号码录入错误")
    assert CaseEmployer.objects.get(case=case).legal_representative == "赵某"
    assert Applicant.objects.get(case=case).person.id_number == id_number(44)
    last = CaseEvent.objects.filter(case=case).latest("seq")
    assert (last.data["before"], last.data["after"]) == (id_number(43)[:6] + "********" + id_number(43)[-4:],
                                                         id_number(44)[:6] + "********" + id_number(44)[-4:])
    assert Person.objects.count() == 2  # the mistyped document's person stays as it was


@pytest.mark.parametrize(("data", "field"), [
    ({"party": "applicant", "applicant": 1, "field": "phone", "value": "12345"}, "value"),
    ({"party": "applicant", "applicant": 2, "field": "phone", "value": "13800001111"}, "applicant"),
    ({"party": "applicant", "field": "phone", "value": "13800001111"}, "applicant"),
    ({"party": "employer", "field": "job", "value": "厨师"}, "field"),
    ({"party": "applicant", "applicant": 1, "field": "name", "value": ""}, "value"),
    ({"party": "applicant", "applicant": 1, "field": "phone", "value": "13907971234"}, "value"),
    ({"party": "applicant", "applicant": 1, "field": "employed_until", "value": "2020-01-01"}, "value"),
    ({"party": "employer", "field": "uscc", "value": "91330100MA2B3C4D5X"}, "value"),
    ({"party": "applicant", "applicant": 1, "field": "phone", "value": "13800001111", "reason": ""}, "reason"),
])
def test_a_bad_correction_is_refused_and_changes_nothing(volunteer, supervisor, data, field):
    case = register(volunteer)
    before = (applicant_row(case), respondent_row(case), CaseEvent.objects.filter(case=case).count())
    with pytest.raises(InvalidData) as refused:
        correct(case, supervisor, **{"reason": "更正", **data})
    assert field in refused.value.fields
    assert (applicant_row(case), respondent_row(case), CaseEvent.objects.filter(case=case).count()) == before


def test_who_may_correct(volunteer, mediator, other_mediator, supervisor, walk, register):
    own = register()
    stranger = register(actor=supervisor)
    correct(own, volunteer, party="applicant", applicant=1, field="address", value="新地址1号", reason="补充")
    with pytest.raises(NotPermitted):
        correct(stranger, volunteer, party="applicant", applicant=1, field="address", value="新地址", reason="补充")
    own = walk(own, ("accept", mediator, {}))
    with pytest.raises(NotPermitted):  # accepted: no longer the volunteer's
        correct(own, volunteer, party="applicant", applicant=1, field="address", value="新地址2号", reason="补充")
    own = walk(own, ("assign", supervisor, {"mediator": mediator.pk}))
    with pytest.raises(NotPermitted):
        correct(own, other_mediator, party="applicant", applicant=1, field="address", value="新地址3号", reason="补充")
    correct(own, mediator, party="applicant", applicant=1, field="address", value="新地址4号", reason="补充")
    assert Applicant.objects.get(case=own).address == "新地址4号"


def test_an_archived_case_cannot_be_corrected(volunteer, mediator, supervisor, walk):
    case = archived(register(volunteer), walk, mediator, supervisor)
    before = (applicant_row(case), CaseEvent.objects.filter(case=case).count())
    with pytest.raises(TransitionNotAllowed) as refused:
        correct(case, supervisor, party="applicant", applicant=1, field="phone", value="13800001111", reason="更正")
    assert refused.value.message == steps.ARCHIVED_REFUSAL
    assert (applicant_row(case), CaseEvent.objects.filter(case=case).count()) == before


def test_correcting_the_employment_form_keeps_the_case_figures_in_step(volunteer, supervisor):
    case = register(volunteer)
    correct(case, supervisor, party="applicant", applicant=1, field="employment_form", value="platform",
            reason="实为平台用工")
    assert Case.objects.get(pk=case.pk).employment_forms == ",platform,"

"""Registering a dispute through casedesk.cases.intake.register_case."""

import datetime
from decimal import Decimal

import pytest

from casedesk.cases import clock, crypto, intake, transitions
from casedesk.cases.choices import Status
from casedesk.cases.errors import InvalidData, NotPermitted
from casedesk.cases.models import (
    Case,
    CaseEmployer,
    CaseEvent,
    CourtReferral,
    Employer,
    NumberSequence,
    Person,
)

from ..conftest import id_number, put_at, registration_body, unchanged

pytestmark = pytest.mark.django_db

COURT_REFERRAL = {
    "court": "某某县人民法院",
    "court_case_number": "（2026）某0101民诉前调1234号",
    "kind": "pre_litigation",
    "referred_on": "2026-10-01",
}
BEFORE = "2026-09-20"  # the dispute started before the court referred it


def register(actor, **overrides):
    return intake.register_case(actor=actor, data=registration_body(**overrides))


# A valid registration


def test_a_valid_registration_creates_a_submitted_case_with_the_first_number_of_the_year(volunteer):
    case = register(volunteer).case

    stored = Case.objects.get(pk=case.pk)
    assert stored.status == Status.SUBMITTED
    assert stored.number == "〔2026〕某工调字第0001号"
    assert (stored.year, stored.serial) == (2026, 1)
    assert stored.registered_by == volunteer
    assert stored.mediator is None


def test_case_numbers_follow_each_other_without_gaps(volunteer):
    first = register(volunteer).case
    with unchanged(first), pytest.raises(InvalidData):
        register(volunteer, summary="")
    second = register(volunteer, workers=2).case

    assert [first.number, second.number] == ["〔2026〕某工调字第0001号", "〔2026〕某工调字第0002号"]
    assert NumberSequence.objects.get(scope="case", year=2026).last == 2


def test_the_number_takes_the_year_in_china_and_starts_again_at_one(volunteer):
    register(volunteer)
    new_year_in_shanghai = datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.timezone.utc)  # 00:30 on 1 Jan

    with clock.frozen(new_year_in_shanghai):
        case = register(volunteer, workers=2).case

    assert case.number == "〔2027〕某工调字第0001号"
    assert list(NumberSequence.objects.filter(scope="case").values_list("year", "last").order_by("year")) == [
        (2026, 1), (2027, 1)]


def test_registration_saves_the_applicants_in_order(volunteer):
    case = register(volunteer, workers=2).case

    applicants = list(case.applicants.select_related("person"))
    assert [(a.name, a.person.id_number, a.phone, a.employment_form, a.position) for a in applicants] == [
        ("张0", id_number(0), "13800130000", "contract", 0),
        ("张1", id_number(1), "13800130001", "contract", 1),
    ]
    assert all(a.person.id_verified for a in applicants)
    assert case.applicant_count == 2


def test_registration_saves_the_claims_and_their_total(volunteer):
    claims = [
        {"kind": "wage", "amount": "18600.00", "description": "2026年7月至9月工资"},
        {"kind": "severance", "amount": "9300.50"},
    ]
    case = register(volunteer, claims=claims).case

    assert list(case.claims.values_list("kind", "amount", "description")) == [
        ("wage", Decimal("18600.00"), "2026年7月至9月工资"), ("severance", Decimal("9300.50"), ""),
    ]
    assert Case.objects.get(pk=case.pk).claimed_total == Decimal("27900.50")


def test_registration_without_claims_has_a_zero_total(volunteer):
    case = register(volunteer, claims=[]).case

    assert Case.objects.get(pk=case.pk).claimed_total == Decimal("0.00")
    assert not case.claims.exists()


def test_registration_saves_the_employer(volunteer):
    body = registration_body()
    case = intake.register_case(actor=volunteer, data=body).case

    employer = Employer.objects.get(pk=case.employer_id)
    assert (employer.name, employer.uscc) == (body["employer"]["name"], body["employer"]["uscc"])
    respondent = CaseEmployer.objects.get(case=case)
    assert (respondent.name, respondent.address, respondent.contact_name, respondent.contact_phone) == (
        body["employer"]["name"], "某某县工业园区纬三路8号", "刘经理", "0571-88886666",
    )


def test_acceptance_is_due_three_working_days_after_a_monday_registration(volunteer):
    case = register(volunteer).case

    assert Case.objects.get(pk=case.pk).acceptance_due == datetime.date(2026, 11, 5)  # Thursday


def test_a_walk_in_case_has_no_mediation_deadline_before_acceptance(volunteer):
    assert Case.objects.get(pk=register(volunteer).case.pk).mediation_due is None


@pytest.mark.parametrize(("workers", "collective"), [(10, True), (9, False), (1, False)])
def test_ten_or_more_workers_make_a_collective_dispute(volunteer, workers, collective):
    case = register(volunteer, workers=workers).case

    stored = Case.objects.get(pk=case.pk)
    assert (stored.applicant_count, stored.is_collective) == (workers, collective)


def test_registration_starts_the_audit_chain(volunteer):
    case = register(volunteer).case

    event = CaseEvent.objects.get(case=case)
    assert (event.seq, event.action, event.from_state, event.to_state, event.actor_id) == (
        1, "create", "", "submitted", volunteer.pk,
    )


@pytest.mark.parametrize("role", ["volunteer", "mediator", "supervisor"])
def test_every_desk_role_may_register_a_case(request, role):
    user = request.getfixturevalue(role)

    assert register(user).case.registered_by == user


def test_a_user_without_a_desk_role_cannot_register_a_case(volunteer, outsider):
    register(volunteer)

    with unchanged(), pytest.raises(NotPermitted):
        register(outsider)


# Reusing what is on record


@pytest.mark.parametrize(
    "written", [str.__str__, str.lower, lambda uscc: " ".join([uscc[:9], uscc[9:]])],
    ids=["as-is", "lower-case", "with-a-space"],
)
def test_an_employer_is_reused_by_its_credit_code(volunteer, written):
    first = register(volunteer).case
    employer = registration_body()["employer"]
    again = {**employer, "name": "某某服装有限公司（更名后）", "uscc": written(employer["uscc"])}

    second = register(volunteer, employer=again).case

    assert second.employer_id == first.employer_id
    assert Employer.objects.count() == 1


def test_an_employer_without_a_credit_code_is_reused_by_its_exact_name(volunteer):
    employer = {"name": "城东小吃店"}
    first = register(volunteer, employer=employer).case
    second = register(volunteer, employer=employer, workers=2).case

    assert second.employer_id == first.employer_id
    assert Employer.objects.count() == 1


def test_a_person_is_reused_by_id_number(volunteer):
    first = register(volunteer).case

    second = register(volunteer).case

    assert Person.objects.count() == 1
    assert second.applicants.get().person_id == first.applicants.get().person_id


def test_people_without_a_document_are_never_merged(volunteer):
    nobody = {"name": "无证件工人", "id_type": "none", "id_number": "", "employment_form": "informal"}
    register(volunteer, applicants=[nobody])
    register(volunteer, applicants=[nobody])

    assert Person.objects.filter(id_type="none").count() == 2


def test_a_second_open_case_of_the_same_worker_against_the_same_employer_is_flagged(volunteer):
    first = register(volunteer).case

    registration = register(volunteer, summary="同一工人再次申请")

    assert registration.possible_duplicates == [first]
    assert Case.objects.get(pk=registration.case.pk).related_case == first
    assert CaseEvent.objects.get(case=registration.case).data["possible_duplicates"] == [first.number]


def test_a_case_against_another_employer_is_not_flagged(volunteer):
    register(volunteer)
    other = {"name": "另一家公司", "uscc": "", "address": "", "contact_name": "", "contact_phone": ""}

    registration = register(volunteer, employer=other)

    assert registration.possible_duplicates == []
    assert Case.objects.get(pk=registration.case.pk).related_case is None


def test_a_finished_case_of_the_same_worker_is_not_flagged(volunteer, supervisor):
    first = register(volunteer).case
    transitions.perform(first, "withdraw", supervisor, reason="当事人撤回")

    registration = register(volunteer)

    assert registration.possible_duplicates == []
    assert Case.objects.get(pk=registration.case.pk).related_case is None


# Refused registrations: every error at once, with its field path, and nothing saved


def body_with(change):
    body = registration_body()
    change(body)
    return body


def set_path(path, value):
    """A change to the body that sets `path` ("applicants.0.id_number") to `value`."""

    def change(body):
        put_at(body, path, value)

    change.label = f"{path}={value!r:.24}"
    return change


def drop(path):
    def change(body):
        *parents, last = path.split(".")
        target = body
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        del target[last]

    change.label = f"no-{path}"
    return change


def labelled(label, change):
    change.label = label
    return change


BAD_BODIES = [
    # (change, the field path named in the error)
    (set_path("applicants.0.id_number", "330102198806150001"), "applicants.0.id_number"),  # check digit
    (set_path("applicants.0.id_number", "33010219880615000"), "applicants.0.id_number"),  # 17 characters
    (set_path("applicants.0.id_number", "330102198802300008"), "applicants.0.id_number"),  # 30 February
    (set_path("applicants.0.id_number", ""), "applicants.0.id_number"),
    (set_path("applicants.0.id_type", "none"), "applicants.0.id_number"),  # a number with "no document"
    (set_path("applicants.0.id_type", "driving_licence"), "applicants.0.id_type"),
    (set_path("applicants.0.name", "张" * 101), "applicants.0.name"),
    (set_path("applicants.0.name", "  "), "applicants.0.name"),
    (set_path("applicants.0.phone", "12345"), "applicants.0.phone"),
    (set_path("applicants.0.employment_form", "gig"), "applicants.0.employment_form"),
    (set_path("applicants.0.nickname", "小张"), "applicants.0.nickname"),
    (set_path("applicants.0", "张三"), "applicants.0"),
    (set_path("applicants", []), "applicants"),
    (set_path("applicants", {"name": "张三"}), "applicants"),
    (drop("applicants"), "applicants"),
    (set_path("employer.uscc", "91330100MA2B3C4D5X"), "employer.uscc"),
    (set_path("employer.uscc", "9133010OMA2B3C4D5"), "employer.uscc"),
    (set_path("employer.name", ""), "employer.name"),
    (set_path("employer.contact_phone", "call me"), "employer.contact_phone"),
    (set_path("employer", None), "employer"),
    (set_path("employer", ["某某服装有限公司"]), "employer"),
    (drop("employer"), "employer"),
    (set_path("claims.0.amount", "-1.00"), "claims.0.amount"),
    (set_path("claims.0.amount", "100.005"), "claims.0.amount"),
    (set_path("claims.0.amount", "一万"), "claims.0.amount"),
    (set_path("claims.0.amount", "10000000000.00"), "claims.0.amount"),
    (set_path("claims.0.kind", "bonus"), "claims.0.kind"),
    (set_path("claims", "18600"), "claims"),
    (set_path("claims", [{"kind": "wage", "amount": "1.00"}] * 51), "claims"),
    (set_path("channel", "fax"), "channel"),
    (set_path("category", ""), "category"),
    (set_path("summary", "事" * 5001), "summary"),
    (set_path("summary", ["拖欠工资"]), "summary"),
    (set_path("summary", {"text": "拖欠工资"}), "summary"),
    (drop("summary"), "summary"),
    (set_path("dispute_started_on", "2026-11-03"), "dispute_started_on"),  # tomorrow
    (set_path("dispute_started_on", "1949-09-30"), "dispute_started_on"),
    (set_path("dispute_started_on", "2026-02-30"), "dispute_started_on"),
    (set_path("dispute_started_on", 20261008), "dispute_started_on"),
    (set_path("dispute_started_on", ["2026-10-08"]), "dispute_started_on"),
    (set_path("employment_ended_on", "2027-01-01"), "employment_ended_on"),
    (set_path("priority", "high"), "priority"),
    (set_path("court_referral", COURT_REFERRAL), "court_referral"),  # a walk-in case
    (set_path("channel", "court_delegated"), "court_referral"),  # no referral
    (labelled("referral-a-string", lambda body: body.update(
        channel="court_delegated", court_referral="（2026）某0101民诉前调1234号")), "court_referral"),
    (labelled("referral-kind-against-channel", lambda body: body.update(
        channel="court_delegated", court_referral={**COURT_REFERRAL, "kind": "commissioned"})), "court_referral.kind"),
    (labelled("referral-without-date", lambda body: body.update(
        channel="court_commissioned", court_referral={**COURT_REFERRAL, "referred_on": ""})),
     "court_referral.referred_on"),
    (labelled("referral-91-days", lambda body: body.update(
        channel="court_delegated", court_referral={**COURT_REFERRAL, "mediation_days": 91})),
     "court_referral.mediation_days"),
    (labelled("same-person-twice", lambda body: body["applicants"].append(dict(body["applicants"][0]))),
     "applicants.1.id_number"),
]


@pytest.mark.parametrize(("change", "field"), BAD_BODIES, ids=[change.label for change, _field in BAD_BODIES])
def test_a_bad_registration_is_refused_naming_the_field_and_saves_nothing(volunteer, change, field):
    register(volunteer)  # the year's sequence and an employer and a person exist already

    with unchanged(), pytest.raises(InvalidData) as refused:
        intake.register_case(actor=volunteer, data=body_with(change))

    assert field in refused.value.fields, refused.value.fields
    assert all(isinstance(m, str) and m for m in refused.value.fields[field])


@pytest.mark.parametrize("data", [None, [], "case", 42])
def test_a_body_that_is_not_an_object_is_refused(volunteer, data):
    with unchanged(), pytest.raises(InvalidData) as refused:
        intake.register_case(actor=volunteer, data=data)

    assert "non_field_errors" in refused.value.fields
    assert Case.objects.count() == 0


def test_every_error_of_a_registration_is_reported_at_once(volunteer):
    body = registration_body(summary="", channel="fax")
    body["applicants"][0]["id_number"] = "330102198806150001"
    body["employer"]["uscc"] = "91330100MA2B3C4D5X"
    body["claims"][0]["amount"] = "-5"

    with unchanged(), pytest.raises(InvalidData) as refused:
        intake.register_case(actor=volunteer, data=body)

    assert {"summary", "channel", "applicants.0.id_number", "employer.uscc", "claims.0.amount"} <= set(
        refused.value.fields
    )


def test_a_summary_of_5000_characters_is_accepted(volunteer):
    case = register(volunteer, summary="事" * 5000).case

    assert len(Case.objects.get(pk=case.pk).summary) == 5000


def test_a_name_of_100_characters_is_accepted(volunteer):
    applicant = {"name": "张" * 100, "id_number": id_number(7), "employment_form": "contract"}

    case = register(volunteer, applicants=[applicant]).case

    assert case.applicants.get().person.name == "张" * 100


# Court referrals


def test_a_court_referral_sets_the_mediation_deadline_30_days_on_rolled_to_a_working_day(volunteer):
    case = register(volunteer, channel="court_delegated", court_referral=COURT_REFERRAL, dispute_started_on=BEFORE).case

    # 1 October + 30 days = Saturday 31 October: the deadline moves to Monday 2 November.
    assert Case.objects.get(pk=case.pk).mediation_due == datetime.date(2026, 11, 2)
    referral = CourtReferral.objects.get(case=case)
    assert (referral.court, referral.court_case_number, referral.kind, referral.referred_on,
            referral.mediation_days) == (
        "某某县人民法院", "（2026）某0101民诉前调1234号", "pre_litigation", datetime.date(2026, 10, 1), 30,
    )


def test_the_courts_period_counts_from_the_day_the_union_signed_for_the_materials(volunteer):
    """特邀调解规定 Art.27: "调解期限自调解组织签字接收法院移交材料之日起计算", not from the court's letter."""
    referral = {**COURT_REFERRAL, "referred_on": "2026-10-01", "received_on": "2026-10-09"}

    case = register(volunteer, channel="court_delegated", court_referral=referral, dispute_started_on=BEFORE).case

    assert Case.objects.get(pk=case.pk).mediation_due == datetime.date(2026, 11, 9)  # 9 Oct + 30 = Sun 8 Nov → Mon
    assert CourtReferral.objects.get(case=case).received_on == datetime.date(2026, 10, 9)


def test_without_the_day_signed_for_the_period_counts_from_the_referral_the_earliest_it_may(volunteer):
    case = register(volunteer, channel="court_delegated", court_referral=COURT_REFERRAL, dispute_started_on=BEFORE).case

    assert CourtReferral.objects.get(case=case).received_on == datetime.date(2026, 10, 1)
    assert Case.objects.get(pk=case.pk).mediation_due == datetime.date(2026, 11, 2)


@pytest.mark.parametrize(("received_on", "message"), [
    ("2026-09-30", "签收材料日期早于委派（委托）日期（2026年10月1日）：请核对。"),
    ("2026-11-03", "签收材料日期不能晚于今天。"),
])
def test_a_day_signed_for_before_the_referral_or_in_the_future_is_refused(volunteer, received_on, message):
    body = registration_body(channel="court_delegated", dispute_started_on=BEFORE,
                             court_referral={**COURT_REFERRAL, "received_on": received_on})
    with unchanged(), pytest.raises(InvalidData) as refused:
        intake.register_case(actor=volunteer, data=body)
    assert refused.value.fields == {"court_referral.received_on": [message]}


def test_a_court_case_number_already_registered_is_refused_with_the_case_that_holds_it(volunteer):
    first = register(volunteer, channel="court_delegated", court_referral=COURT_REFERRAL, dispute_started_on=BEFORE).case
    again = {**COURT_REFERRAL, "court_case_number": " （2026）某0101民诉前调1234号 "}
    body = registration_body(channel="court_delegated", dispute_started_on=BEFORE, court_referral=again)

    with unchanged(), pytest.raises(InvalidData) as refused:
        intake.register_case(actor=volunteer, data=body)

    assert refused.value.fields == {"court_referral.court_case_number": [
        f"法院的这一案号已登记为本会案件{first.number}：请核对案号；同一纠纷请在该案件中办理。"]}


def test_a_court_may_allow_other_than_30_days(volunteer):
    referral = {**COURT_REFERRAL, "referred_on": "2026-10-12", "mediation_days": 20}

    case = register(volunteer, channel="court_delegated", court_referral=referral).case

    assert Case.objects.get(pk=case.pk).mediation_due == datetime.date(2026, 11, 2)  # Sunday 1 Nov → Monday
    assert CourtReferral.objects.get(case=case).mediation_days == 20


def test_the_referral_kind_follows_the_channel_when_not_given(volunteer):
    referral = {k: v for k, v in COURT_REFERRAL.items() if k != "kind"}

    case = register(volunteer, channel="court_commissioned", court_referral=referral, dispute_started_on=BEFORE).case

    assert CourtReferral.objects.get(case=case).kind == "commissioned"


def test_acceptance_does_not_replace_the_courts_mediation_deadline(volunteer, mediator):
    case = register(volunteer, channel="court_delegated", court_referral=COURT_REFERRAL, dispute_started_on=BEFORE).case

    transitions.perform(case, "accept", mediator)

    assert Case.objects.get(pk=case.pk).mediation_due == datetime.date(2026, 11, 2)


# Documents and how they are typed


def test_a_passport_holder_is_saved_unverified(volunteer):
    applicant = {"name": "John Smith", "id_type": "passport", "id_number": "e12345678", "employment_form": "contract"}

    case = register(volunteer, applicants=[applicant]).case

    person = case.applicants.get().person
    assert (person.id_type, person.id_number, person.id_verified) == ("passport", "E12345678", False)


def test_a_worker_without_a_document_at_hand_is_accepted(volunteer):
    applicant = {"name": "王五", "id_type": "none", "id_number": "", "employment_form": "informal"}

    case = register(volunteer, applicants=[applicant]).case

    person = case.applicants.get().person
    assert (person.id_type, person.id_number, person.id_verified) == ("none", "", False)


def test_a_missing_document_type_means_a_resident_id_card(volunteer):
    person = register(volunteer).case.applicants.get().person

    assert (person.id_type, person.id_verified) == ("resident_id", True)


def test_full_width_digits_and_zero_width_spaces_in_an_id_number_are_normalised(volunteer):
    plain = id_number(0)  # ends in X
    typed = "\u200b" + plain[:6].translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}) + "\u200b " + plain[6:]
    typed = typed.replace("X", "x")
    applicant = {"name": "张三", "id_number": typed, "phone": "１３８\u200b００１３００００", "employment_form": "contract"}

    case = register(volunteer, applicants=[applicant]).case

    applicant = case.applicants.get()
    assert (applicant.person.id_number, applicant.phone, applicant.person.id_verified) == (plain, "13800130000", True)


def test_an_id_number_typed_differently_finds_the_same_person(volunteer):
    plain = id_number(5)
    register(volunteer, applicants=[{"name": "张五", "id_number": plain, "employment_form": "contract"}])
    full_width = plain.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})

    register(volunteer, applicants=[{"name": "张五", "id_number": full_width, "employment_form": "contract"}])

    assert Person.objects.filter(id_number_digest=crypto.digest(plain)).count() == 1
    assert Person.objects.count() == 1


def test_a_court_case_with_another_field_wrong_is_told_only_that_field_and_its_missing_court_data(volunteer):
    """The court's data is checked whatever else is wrong: a future dispute date is not answered with
    "only a case from a court carries a court referral", and an empty court part names its fields."""
    body = registration_body(channel="court_delegated", dispute_started_on="2027-05-01", court_referral=COURT_REFERRAL)
    with unchanged(), pytest.raises(InvalidData) as refused:
        intake.register_case(actor=volunteer, data=body)
    assert set(refused.value.fields) == {"dispute_started_on"}

    body = registration_body(channel="court_delegated", dispute_started_on="2027-05-01", court_referral={})
    with unchanged(), pytest.raises(InvalidData) as refused:
        intake.register_case(actor=volunteer, data=body)
    assert {"dispute_started_on", "court_referral.court", "court_referral.court_case_number",
            "court_referral.referred_on"} <= set(refused.value.fields)


@pytest.mark.parametrize(("channel", "part", "referral"), [
    ("court_delegated", "court_referral", COURT_REFERRAL),
    ("transfer", "referral", {"body": "arbitration", "reference_number": "某劳人仲转〔2026〕15号"}),
])
def test_a_referral_dated_before_the_dispute_started_is_refused(volunteer, channel, part, referral):
    body = registration_body(channel=channel, dispute_started_on="2026-10-08",
                             **{part: {**referral, "referred_on": "2026-01-01"}})
    with unchanged(), pytest.raises(InvalidData) as refused:
        intake.register_case(actor=volunteer, data=body)
    message = refused.value.fields[f"{part}.referred_on"]
    assert message == ["日期早于争议发生日期（2026年10月8日）：请核对。"]

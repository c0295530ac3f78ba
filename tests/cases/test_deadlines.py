import itertools
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.test import override_settings
from django.utils import timezone, translation

from casedesk.cases import clock, deadlines
from casedesk.cases.choices import Category, Channel, Outcome, ReferralKind, Status
from casedesk.cases.models import Agreement, Case, CourtReferral, Employer
from casedesk.units import tree

pytestmark = pytest.mark.django_db

_serials = itertools.count(1)


@pytest.fixture(autouse=True)
def english():
    # The assertions read the English msgids, whatever the .po file says.
    with translation.override("en"):
        yield


@pytest.fixture
def make_case():
    user = get_user_model().objects.create_user("intake")
    employer = Employer.objects.create(name="某某物流有限公司")

    def make(*, submitted_on=date(2026, 3, 6), status=Status.SUBMITTED, **fields):
        serial = next(_serials)
        fields.setdefault("acceptance_due", deadlines.acceptance_due(submitted_on)[0])
        fields.setdefault("category", Category.CONTRACT_TERMINATION)
        fields.setdefault("dispute_started_on", date(2026, 2, 1))
        return Case.objects.create(
            number=f"T2026-{serial}", year=2026, serial=serial, status=status, unit=tree.root(),
            channel=fields.pop("channel", Channel.WALK_IN), summary="未支付工资", employer=employer,
            registered_by=user, submitted_at=timezone.make_aware(datetime.combine(submitted_on, time(10))),
            **fields,
        )

    return make


def sign(case, *, signed_on=date(2026, 3, 20), performance_due=date(2026, 4, 10), **fields):
    """An agreement on `case`, nothing paid on it yet (its due date is the case's first unpaid one)."""
    agreement = Agreement.objects.create(
        case=case, terms="分两期支付", amount=Decimal("12000.00"), signed_on=signed_on,
        performance_due=performance_due, **fields,
    )
    Case.objects.filter(pk=case.pk).update(unpaid_due=performance_due)
    case.unpaid_due = performance_due
    return agreement


def by_kind(case, today):
    return {d.kind: d for d in deadlines.case_deadlines(case, today=today)}


# The periods


def test_acceptance_after_a_friday_is_due_the_next_wednesday():
    assert deadlines.acceptance_due(date(2026, 3, 6)) == (date(2026, 3, 11), False)


def test_acceptance_in_a_year_without_a_schedule_is_estimated():
    assert deadlines.acceptance_due(date(2027, 3, 5)) == (date(2027, 3, 10), True)


def test_a_mediation_period_ending_on_a_holiday_rolls_forward():
    assert deadlines.mediation_due_after_acceptance(date(2026, 9, 16)) == date(2026, 10, 8)


def test_a_mediation_period_ending_on_a_sunday_rolls_to_monday():
    assert deadlines.mediation_due_after_acceptance(date(2026, 3, 7)) == date(2026, 3, 23)


def test_a_mediation_period_ending_on_a_tiaoxiu_sunday_stays():
    assert deadlines.mediation_due_after_acceptance(date(2026, 9, 5)) == date(2026, 9, 20)


@override_settings(CASEDESK_MEDIATION_DAYS=10)
def test_the_mediation_period_follows_the_setting():
    assert deadlines.mediation_due_after_acceptance(date(2026, 3, 2)) == date(2026, 3, 12)


def test_court_mediation_is_thirty_days():
    assert deadlines.court_mediation_due(date(2026, 3, 2)) == date(2026, 4, 1)
    assert deadlines.court_mediation_due(date(2026, 9, 1), 30) == date(2026, 10, 8)


def test_confirmation_is_due_thirty_days_after_signing():
    assert deadlines.confirmation_due(date(2026, 3, 2)) == date(2026, 4, 1)
    assert deadlines.confirmation_due(date(2026, 4, 5)) == date(2026, 5, 6)  # 5 May: Labour Day


def test_a_court_case_may_be_extended_thirty_days_past_the_courts_deadline(make_case):
    case = make_case(channel=Channel.COURT_DELEGATED)
    CourtReferral.objects.create(
        case=case, court="某某县人民法院", court_case_number="(2026)某0101民诉前调1号",
        kind=ReferralKind.PRE_LITIGATION, referred_on=date(2026, 3, 2), received_on=date(2026, 3, 2),
    )
    # Court due 1 April; plus 30 days is 1 May, a holiday: 6 May.
    assert deadlines.latest_extension_allowed(case) == date(2026, 5, 6)


def test_the_courts_cap_counts_from_the_day_the_union_signed_for_the_materials(make_case):
    case = make_case(channel=Channel.COURT_DELEGATED)
    CourtReferral.objects.create(
        case=case, court="某某县人民法院", court_case_number="(2026)某0101民诉前调3号",
        kind=ReferralKind.PRE_LITIGATION, referred_on=date(2026, 3, 2), received_on=date(2026, 3, 9),
    )
    # Signed for on 9 March: the court's period ends on 8 April; 30 days more is 8 May.
    assert deadlines.latest_extension_allowed(case) == date(2026, 5, 8)


def test_other_cases_have_no_extension_cap(make_case):
    assert deadlines.latest_extension_allowed(make_case()) is None


# Limitation


def test_limitation_is_one_year_from_the_dispute(make_case):
    item = deadlines.limitation(make_case(dispute_started_on=date(2025, 3, 10)))
    assert (item.due, item.overdue, item.met) == (date(2026, 3, 10), False, True)


def test_an_application_after_the_limitation_is_flagged(make_case):
    item = deadlines.limitation(make_case(dispute_started_on=date(2025, 3, 1)))
    # 1 March 2026 is a Sunday: the period ends on Monday 2 March (民法典 Art.203), still before 6 March.
    assert (item.due, item.overdue, item.met) == (date(2026, 3, 2), True, False)
    assert item.note


def test_a_limitation_from_29_february_ends_on_28_february(make_case):
    assert deadlines.limitation(make_case(dispute_started_on=date(2024, 2, 29))).due == date(2025, 2, 28)


def test_wage_arrears_while_employed_have_no_limitation(make_case):
    case = make_case(category=Category.WAGE_ARREARS, dispute_started_on=date(2020, 1, 1))
    item = deadlines.limitation(case)
    assert (item.due, item.overdue) == (None, False)
    assert "employed" in str(item.note)


def test_wage_arrears_run_one_year_from_the_end_of_employment(make_case):
    case = make_case(
        category=Category.WAGE_ARREARS, dispute_started_on=date(2020, 1, 1), employment_ended_on=date(2025, 6, 30)
    )
    item = deadlines.limitation(case)
    assert (item.due, item.overdue) == (date(2026, 6, 30), False)
    assert "Art. 27" in str(item.basis)


# A case's deadlines


def test_acceptance_is_not_overdue_on_its_due_day(make_case):
    item = by_kind(make_case(), date(2026, 3, 11))["acceptance"]
    assert (item.due, item.overdue, item.met, item.estimated) == (date(2026, 3, 11), False, False, False)


def test_acceptance_is_overdue_the_day_after(make_case):
    assert by_kind(make_case(), date(2026, 3, 12))["acceptance"].overdue


def test_acceptance_is_met_once_accepted(make_case):
    case = make_case(status=Status.ACCEPTED, accepted_on=date(2026, 3, 9), mediation_due=date(2026, 3, 24))
    item = by_kind(case, date(2026, 3, 20))["acceptance"]
    assert (item.met, item.overdue) == (True, False)


def test_acceptance_in_2027_is_flagged_estimated(make_case):
    case = make_case(submitted_on=date(2027, 3, 5))
    assert by_kind(case, date(2027, 3, 5))["acceptance"].estimated


def test_the_mediation_deadline_is_shown_once_set(make_case):
    assert "mediation" not in by_kind(make_case(), date(2026, 3, 9))


def test_mediation_is_overdue_while_mediating_past_due(make_case):
    case = make_case(status=Status.MEDIATING, accepted_on=date(2026, 3, 9), mediation_due=date(2026, 3, 24))
    assert not by_kind(case, date(2026, 3, 24))["mediation"].overdue
    assert by_kind(case, date(2026, 3, 25))["mediation"].overdue


def test_mediation_is_met_once_failed(make_case):
    case = make_case(status=Status.FAILED, accepted_on=date(2026, 3, 9), mediation_due=date(2026, 3, 24))
    item = by_kind(case, date(2026, 4, 30))["mediation"]
    assert (item.met, item.overdue) == (True, False)


def test_a_court_case_cites_the_court_period(make_case):
    case = make_case(status=Status.MEDIATING, channel=Channel.COURT_DELEGATED, mediation_due=date(2026, 4, 1))
    CourtReferral.objects.create(
        case=case, court="某某县人民法院", court_case_number="(2026)某0101民诉前调2号",
        kind=ReferralKind.PRE_LITIGATION, referred_on=date(2026, 3, 2), received_on=date(2026, 3, 2),
    )
    assert "Fa [2020] No. 55" in str(by_kind(case, date(2026, 3, 9))["mediation"].basis)


def test_confirmation_is_overdue_when_not_applied_for_within_thirty_days(make_case):
    case = make_case(status=Status.AGREED, mediation_due=date(2026, 3, 24))
    sign(case, signed_on=date(2026, 3, 20))
    assert not by_kind(case, date(2026, 4, 20))["confirmation_application"].overdue
    item = by_kind(case, date(2026, 4, 21))["confirmation_application"]
    assert (item.due, item.overdue) == (date(2026, 4, 20), True)


def test_confirmation_is_met_once_applied_for(make_case):
    case = make_case(status=Status.CONFIRMING, mediation_due=date(2026, 3, 24))
    sign(case, confirmation_applied_on=date(2026, 4, 1))
    item = by_kind(case, date(2026, 5, 1))["confirmation_application"]
    assert (item.met, item.overdue) == (True, False)


def test_confirmation_is_not_overdue_once_closed(make_case):
    case = make_case(status=Status.CLOSED, mediation_due=date(2026, 3, 24), outcome=Outcome.SETTLED)
    sign(case)
    assert not by_kind(case, date(2026, 6, 1))["confirmation_application"].overdue


def test_the_latest_agreement_counts(make_case):
    case = make_case(status=Status.AGREED, mediation_due=date(2026, 3, 24))
    sign(case, signed_on=date(2026, 3, 2))
    sign(case, signed_on=date(2026, 3, 20))
    assert by_kind(case, date(2026, 4, 1))["confirmation_application"].due == date(2026, 4, 20)


def test_performance_is_overdue_while_agreed_past_due(make_case):
    case = make_case(status=Status.CONFIRMED, mediation_due=date(2026, 3, 24))
    sign(case, performance_due=date(2026, 4, 10))
    assert not by_kind(case, date(2026, 4, 10))["performance"].overdue
    assert by_kind(case, date(2026, 4, 11))["performance"].overdue


def test_performance_is_met_once_paid_in_full_not_by_closing(make_case):
    case = make_case(status=Status.CLOSED, mediation_due=date(2026, 3, 24), outcome=Outcome.SETTLED)
    sign(case, performance_due=date(2026, 4, 10))
    item = by_kind(case, date(2026, 5, 1))["performance"]
    assert (item.met, item.overdue) == (False, True)  # closed, but nothing paid: followed up still
    case.unpaid_due = None  # the payments recorded cover the agreement (casedesk.payments)
    item = by_kind(case, date(2026, 5, 1))["performance"]
    assert (item.met, item.overdue) == (True, False)


def test_the_limitation_is_always_listed(make_case):
    assert "limitation" in by_kind(make_case(), date(2026, 3, 9))


def test_today_defaults_to_the_desk_clock(make_case):
    case = make_case()
    with clock.frozen(date(2026, 3, 12)):
        assert deadlines.case_deadlines(case)[0].overdue


def test_a_case_with_prefetched_agreements_needs_few_queries(make_case, django_assert_max_num_queries):
    sign(make_case(status=Status.AGREED, mediation_due=date(2026, 3, 24)))
    case = Case.objects.prefetch_related(Prefetch("agreements"), "agreements__instalments").get()
    with django_assert_max_num_queries(3):
        deadlines.case_deadlines(case, today=date(2026, 4, 1))


def test_a_deadline_as_the_api_shows_it(make_case):
    item = by_kind(make_case(), date(2026, 3, 12))["acceptance"].as_dict()
    assert item == {
        "kind": "acceptance", "due": "2026-03-11", "basis": item["basis"], "overdue": True,
        "met": False, "estimated": False, "note": "",
    }
    assert "Art. 23" in item["basis"] and " 3 working days" in item["basis"]


@override_settings(CASEDESK_ACCEPTANCE_WORKING_DAYS=5)
def test_the_basis_quotes_the_configured_period(make_case):
    assert " 5 working days" in str(by_kind(make_case(), date(2026, 3, 9))["acceptance"].basis)


def test_overdue_q_agrees_with_case_deadlines(make_case):
    mediation = {"accepted_on": date(2026, 3, 9), "mediation_due": date(2026, 3, 24)}
    make_case()
    make_case(submitted_on=date(2026, 3, 20))
    make_case(status=Status.ACCEPTED, **mediation)
    make_case(status=Status.MEDIATING, **mediation)
    make_case(status=Status.MEDIATING, accepted_on=date(2026, 3, 9), mediation_due=date(2026, 4, 30))
    make_case(status=Status.FAILED, **mediation)
    make_case(status=Status.REJECTED)
    seen = set()
    for today in (date(2026, 3, 11), date(2026, 3, 20), date(2026, 3, 25), date(2026, 5, 1)):
        by_rule = {
            case.pk for case in Case.objects.all()
            if any(d.overdue for d in deadlines.case_deadlines(case, today) if d.kind in ("acceptance", "mediation"))
        }
        assert set(Case.objects.filter(deadlines.overdue_q(today)).values_list("pk", flat=True)) == by_rule
        seen |= by_rule
    assert len(seen) == 5  # every open case, at one date or another

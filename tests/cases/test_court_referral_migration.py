"""Migration 0025_court_referral_received_on on a desk that holds court cases already: each keeps the
period it was given, counted from the referral: its day signed for is the referral's own day, and no
deadline moves."""

import datetime

import pytest

from ..conftest import COURT_REFERRAL, register_case
from ..migration_replay import latest_migrations, migrate_to

BEFORE = [("cases", "0024_moments_from_the_desks_clock")]
AFTER = [("cases", "0025_court_referral_received_on")]


@pytest.mark.django_db(transaction=True)
def test_a_court_case_registered_before_keeps_its_period_from_the_referral(volunteer):
    latest = latest_migrations()
    referral = {**COURT_REFERRAL, "referred_on": "2026-10-20", "received_on": "2026-10-26"}
    case = register_case(volunteer, channel="court_delegated", court_referral=referral)

    migrate_to(BEFORE)
    new = migrate_to(AFTER)

    row = new.get_model("cases", "CourtReferral").objects.get(case_id=case.pk)
    assert (row.referred_on, row.received_on) == (datetime.date(2026, 10, 20), datetime.date(2026, 10, 20))
    assert new.get_model("cases", "Case").objects.get(pk=case.pk).mediation_due == datetime.date(2026, 11, 25)
    migrate_to(latest)

"""The migration to per-case party rows, forward on a database holding the demo (issue 14): the demo is
loaded by the code as it was before the migration, then today's code migrates it, and every case
shows through the API exactly the parties it showed before (supervisor's view: nothing masked).

The code before is the parent of the commit that added the migration, taken from git; without a git
checkout (a source archive) the test cannot build the old desk and is skipped."""

import json
import os

import pytest
from django.conf import settings

from .. import migration_replay
from ..migration_replay import manage

MIGRATION = "casedesk/cases/migrations/*_parties_per_case_rows.py"
# What the API shows now that it did not show before the migration (new keys, not changed values).
NEW_KEYS = {
    "applicants": {"number", "address", "job", "employed_from", "employed_until"},
    "employer": {"legal_representative", "legal_representative_title"},
    "agreement": {"shares", "performance_method", "performance_place", "payee_account",
                  # issue 16: the performance derived from the payments
                  "paid", "outstanding", "performance_status", "payments"},
}
# Issue 16: each instalment with what is paid on it; an agreement paid at once shows its one payment due.
NEW_INSTALMENT_KEYS = {"number", "paid", "status"}
SHOW = """
import json
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient
from casedesk.cases.models import Case
client = APIClient()
client.force_authenticate(get_user_model().objects.get(username="zhuren"))
print(json.dumps({case.number: client.get(f"/api/cases/{case.pk}/").json()
                  for case in Case.objects.order_by("pk")}, ensure_ascii=False, sort_keys=True))
"""


@pytest.fixture(scope="module")
def code_before(tmp_path_factory):
    """The desk's code as it was before the migration, unpacked in a directory of its own."""
    return migration_replay.code_before(MIGRATION, tmp_path_factory, "the migration")


PARTY_KEYS = ("applicants", "applicant_count", "employer", "agreement")


def parties(shown):
    """What each case shows about its parties (the rest of the detail, deadlines' citations for
    one, changes with other issues and is not this migration's)."""
    return {number: {key: case.get(key) for key in PARTY_KEYS} for number, case in shown.items()}


def without_new_keys(shown):
    for case in shown.values():
        for applicant in case["applicants"]:
            for key in NEW_KEYS["applicants"]:
                applicant.pop(key, None)
        for key in NEW_KEYS["employer"]:
            case["employer"].pop(key, None)
        if case.get("agreement"):
            agreement = case["agreement"]
            for key in NEW_KEYS["agreement"]:
                agreement.pop(key, None)
            rows = [{k: v for k, v in row.items() if k not in NEW_INSTALMENT_KEYS} for row in agreement["instalments"]]
            whole = [{"due_on": agreement["performance_due"], "amount": agreement["amount"]}]
            agreement["instalments"] = [] if rows == whole else rows
    return shown


def test_every_demo_case_shows_the_same_parties_after_the_migration(code_before, tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
           "CASEDESK_MEDIA_ROOT": str(tmp_path / "media"), "CASEDESK_VAR_DIR": str(tmp_path / "var")}
    manage(code_before, env, "migrate", "-v0")
    manage(code_before, env, "load_demo")
    before = json.loads(manage(code_before, env, "shell", "--no-imports", "-c", SHOW))
    assert len(before) >= 20 and any(len(case["applicants"]) >= 10 for case in before.values())

    manage(settings.BASE_DIR, env, "migrate", "-v0")

    after = json.loads(manage(settings.BASE_DIR, env, "shell", "--no-imports", "-c", SHOW))
    assert parties(without_new_keys(after)) == parties(before)
    assert "audit intact" in manage(settings.BASE_DIR, env, "verify_audit")
    # The same worker's cases (the demo registers 赖春生 twice) each keep their own copy from now on.
    assert sum(a["name"] == "赖春生" for case in after.values() for a in case["applicants"]) == 2

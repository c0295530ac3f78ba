"""The units migration, forward on a database holding the demo: the demo is loaded by the code as it
was before units existed, then today's code migrates it. Every case keeps its number, every user sees
exactly the cases they saw, every sequence goes on from where it was, and all of it is in one root
unit named from the settings: an existing desk keeps working unchanged.

The code before is the parent of the commit that added the units app, taken from git; without a git
checkout (a source archive) the test cannot build the old desk and is skipped."""

import json
import os

from django.conf import settings

from .. import migration_replay
from ..migration_replay import manage

MIGRATION = "casedesk/units/migrations/0001_initial.py"

# What each user sees, every case's number and unit, and the sequences, as JSON.
SHOW = """
import json
from django.contrib.auth import get_user_model
from casedesk.cases import access
from casedesk.cases.models import Case, NumberSequence
users = get_user_model().objects.order_by("username")
print(json.dumps({
    "visible": {u.username: sorted(access.visible_cases(u).values_list("number", flat=True)) for u in users},
    "numbers": dict(Case.objects.order_by("pk").values_list("pk", "number")),
    "sequences": sorted(NumberSequence.objects.values_list("scope", "year", "last")),
    "units": sorted(set(Case.objects.values_list("unit__name", flat=True))) if hasattr(Case, "unit") else None,
}, ensure_ascii=False, sort_keys=True))
"""
REGISTER = """
from django.contrib.auth import get_user_model
from casedesk.cases import intake
from tests.conftest import registration_body
print(intake.register_case(actor=get_user_model().objects.get(username="zhuren"), data=registration_body()).case.number)
"""


def code_before_units(tmp_path_factory):
    return migration_replay.code_before(MIGRATION, tmp_path_factory, "the units migration")


def test_an_existing_desk_keeps_its_numbers_visibility_and_sequences(tmp_path_factory, tmp_path):
    code = code_before_units(tmp_path_factory)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
           "CASEDESK_MEDIA_ROOT": str(tmp_path / "media"), "CASEDESK_VAR_DIR": str(tmp_path / "var")}
    manage(code, env, "migrate", "-v0")
    manage(code, env, "load_demo")
    before = json.loads(manage(code, env, "shell", "--no-imports", "-c", SHOW))
    assert len(before["numbers"]) >= 20 and before["sequences"]

    manage(settings.BASE_DIR, env, "migrate", "-v0")

    after = json.loads(manage(settings.BASE_DIR, env, "shell", "--no-imports", "-c", SHOW))
    assert after["numbers"] == before["numbers"]
    assert after["visible"] == before["visible"]
    assert any(after["visible"].values()) and any(len(v) < len(after["numbers"]) for v in after["visible"].values())
    assert after["sequences"] == before["sequences"]
    assert after["units"] == [settings.CASEDESK_ORG_NAME]
    assert "audit intact" in manage(settings.BASE_DIR, env, "verify_audit")
    # The next registration goes on with the root unit's sequence, in the same form.
    year, last = max((year, last) for scope, year, last in after["sequences"] if scope == "case" and year == 2026)
    number = manage(settings.BASE_DIR, env, "shell", "--no-imports", "-c", REGISTER).strip()
    assert number == f"〔{year}〕{settings.CASEDESK_DOC_PREFIX}第{last + 1:04d}号"

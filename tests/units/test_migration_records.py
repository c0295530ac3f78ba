"""The consultations' and outreach events' unit migrations, forward on a database holding the demo:
the demo is loaded by the code as it was before them, then today's code migrates it. Every
consultation and event lands in the root unit, each supervisor sees the same ones as before, and the
figures count them as before.

Without a git checkout the old desk cannot be built and the test is skipped."""

import json
import os

from .. import migration_replay
from ..migration_replay import manage

MIGRATION = "casedesk/consultations/migrations/0002_consultation_unit.py"

SHOW = """
import json
from django.contrib.auth import get_user_model
from casedesk.consultations.access import visible_consultations
from casedesk.consultations.models import Consultation
from casedesk.outreach.access import visible_events
from casedesk.outreach.models import OutreachEvent
users = get_user_model().objects.order_by("username")
units = lambda model: sorted(set(model.objects.values_list("unit__name", flat=True))) if hasattr(model, "unit") else None
print(json.dumps({
    "consultations": {u.username: sorted(visible_consultations(u).values_list("pk", flat=True)) for u in users},
    "events": {u.username: sorted(visible_events(u).values_list("pk", flat=True)) for u in users},
    "units": [units(Consultation), units(OutreachEvent)],
}, ensure_ascii=False, sort_keys=True))
"""


def test_existing_consultations_and_events_go_to_the_root_unit(tmp_path_factory, tmp_path):
    code = migration_replay.code_before(MIGRATION, tmp_path_factory, "the consultations' unit migration",
                                        landed=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
           "CASEDESK_MEDIA_ROOT": str(tmp_path / "media"), "CASEDESK_VAR_DIR": str(tmp_path / "var")}
    manage(code, env, "migrate", "-v0")
    manage(code, env, "load_demo")
    before = json.loads(manage(code, env, "shell", "--no-imports", "-c", SHOW))
    assert before["units"] == [None, None]
    assert before["consultations"]["zhuren"] and before["events"]["zhuren"]

    manage(migration_replay.settings.BASE_DIR, env, "migrate", "-v0")

    after = json.loads(manage(migration_replay.settings.BASE_DIR, env, "shell", "--no-imports", "-c", SHOW))
    root = migration_replay.settings.CASEDESK_ORG_NAME
    assert after["units"] == [[root], [root]]
    assert after["consultations"] == before["consultations"]
    assert after["events"] == before["events"]

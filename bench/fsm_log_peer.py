"""The peer of the transition service (issue 20's transitions_ratio_to_fsm_log_peer): what a Django
developer would build instead, django-fsm-2 with django-fsm-log recording each transition.

    python bench/fsm_log_peer.py --cases 35,39,...;36,40,... --actor ID --duration 10

Runs with bench/settings_fsm_log.py (casedesk's settings plus django_fsm_log): migrates
django-fsm-log's table, then 4 forked processes, each on its own cases, loop for `duration` s over:
lock the case row, check the transition's permission (django-fsm's has_transition_perm), set the new
mediation deadline, call the model's own `extend` transition with `by` set as @fsm_log_by does (django-fsm-log writes its
StateLog row on the transition's signal), save the case, commit. Prints {"per_s", "done", "errors"}.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _peer_worker(case_ids, actor_id, duration, start_at, queue):
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django_fsm import has_transition_perm
    from django_fsm_log.helpers import FSMLogDescriptor
    from writes import next_until

    from casedesk.cases.models import Case

    actor = get_user_model().objects.get(pk=actor_id)
    done = errors = 0
    while time.time() < start_at:
        time.sleep(0.001)
    began = time.perf_counter()
    stop = began + duration
    while time.perf_counter() < stop and errors < 20:
        for case_id in case_ids:
            try:
                with transaction.atomic():
                    case = Case.objects.select_for_update().get(pk=case_id)
                    if not has_transition_perm(case.extend, actor):
                        raise PermissionError("extend not permitted")
                    case.mediation_due = next_until(case.mediation_due)
                    with FSMLogDescriptor(case, "by", actor):  # what @fsm_log_by does: the StateLog's `by`
                        case.extend()
                    case.save()
                done += 1
            except Exception:  # noqa: BLE001 - counted and reported
                errors += 1
    queue.put((done, time.perf_counter() - began, errors, ""))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", required=True, help="case ids per process: 1,2;3,4;...")
    p.add_argument("--actor", type=int, required=True)
    p.add_argument("--duration", type=int, default=10)
    args = p.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_fsm_log"
    import django

    django.setup()
    import writes
    from django.core.management import call_command

    call_command("migrate", "django_fsm_log", verbosity=0, interactive=False)
    groups = [[int(c) for c in group.split(",")] for group in args.cases.split(";")]
    results = writes._run_workers(_peer_worker, groups, args.duration, args.actor)
    done = sum(r[0] for r in results)
    print(json.dumps({"per_s": done / max(r[1] for r in results), "done": done,
                      "errors": sum(r[2] for r in results)}))


if __name__ == "__main__":
    main()

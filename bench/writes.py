"""Write-side benchmarks: transitions through the service and through HTTP, against pgbench."""

import datetime
import http.client
import json
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REASON = "双方当事人同意延长调解期限"


def pgbench_init(dsn_args, dbname, scale):
    subprocess.run(["pgbench", "-i", "-q", "-s", str(scale), *dsn_args, dbname], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)


def pgbench_tps(dsn_args, dbname, duration):
    out = subprocess.run(["pgbench", "-c", "4", "-j", "2", "-T", str(duration), *dsn_args, dbname],
                         check=True, capture_output=True, text=True, timeout=duration + 120).stdout
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", out)
    return float(match.group(1))


def next_until(due):
    return max(due or datetime.date.today(), datetime.date.today()) + datetime.timedelta(days=1)


def _service_worker(case_ids, actor_id, duration, start_at, queue):
    from django.contrib.auth import get_user_model

    from casedesk.cases import transitions
    from casedesk.cases.models import Case

    actor = get_user_model().objects.get(pk=actor_id)
    cases = list(Case.objects.filter(pk__in=case_ids))
    done = errors = 0
    while time.time() < start_at:
        time.sleep(0.001)
    began = time.perf_counter()
    stop = began + duration
    while time.perf_counter() < stop and errors < 20:
        for i, case in enumerate(cases):
            try:
                cases[i] = transitions.perform(case, "extend", actor, until=next_until(case.mediation_due).isoformat(),
                                               reason=REASON, parties_consent=True)
                done += 1
            except Exception as exc:  # noqa: BLE001 - counted and reported, the run goes on
                errors += 1
                last_error = repr(exc)
    queue.put((done, time.perf_counter() - began, errors, locals().get("last_error", "")))


def service_tps(groups, actor_id, duration):
    """Transitions/s of 4 processes, each extending its own cases in a loop for `duration` s."""
    results = _run_workers(_service_worker, groups, duration, actor_id)
    done = sum(r[0] for r in results)
    elapsed = max(r[1] for r in results)
    errors = sum(r[2] for r in results)
    if errors:
        print(f"  service workers: {errors} errors, e.g. {[r[3] for r in results if r[3]][:1]}", file=sys.stderr)
    return done / elapsed, errors


def _floor_worker(case_ids, duration, start_at, queue):
    """The fewest statements any transition must run, through the ORM: lock the case, insert an
    event, save the case, commit. No form, no state machine, no hash, no flow."""
    from django.db import transaction
    from django.utils import timezone

    from casedesk.cases.models import Case, CaseEvent

    done = 0
    while time.time() < start_at:
        time.sleep(0.001)
    began = time.perf_counter()
    stop = began + duration
    while time.perf_counter() < stop:
        for case_id in case_ids:
            with transaction.atomic():
                case = Case.objects.select_for_update().get(pk=case_id)
                seq = case.audit_seq + 1
                CaseEvent.objects.create(case_id=case_id, seq=seq, action="bench_floor", at=timezone.now(), data={},
                                         prev_hash=case.audit_head or "0" * 64, hash=f"{seq:064x}")
                case.audit_seq, case.audit_head = seq, f"{seq:064x}"
                case.save()
            done += 1
    queue.put((done, time.perf_counter() - began, 0, ""))


def _run_workers(target, groups, duration, *extra):
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    start_at = time.time() + 1.0
    workers = [ctx.Process(target=target, args=(ids, *extra, duration, start_at, queue)) for ids in groups]
    for w in workers:
        w.start()
    results = [queue.get(timeout=duration + 120) for _ in workers]
    for w in workers:
        w.join(timeout=30)
    return results


def floor_tps(groups, duration):
    """Transactions/s of the ORM floor (_floor_worker) in 4 processes, each on its own cases."""
    results = _run_workers(_floor_worker, groups, duration)
    return sum(r[0] for r in results) / max(r[1] for r in results)


def fsm_log_peer_tps(groups, actor_id, duration):
    """Transitions/s of bench/fsm_log_peer.py (django-fsm-2 + django-fsm-log) in 4 processes, each on its
    own cases; raises if the peer could not run (requirements-bench.txt not installed)."""
    cases = ";".join(",".join(str(c) for c in group) for group in groups)
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "fsm_log_peer.py"), "--cases", cases,
                          "--actor", str(actor_id), "--duration", str(duration)], cwd=ROOT, env=os.environ.copy(),
                         capture_output=True, text=True, timeout=duration + 300)
    if out.returncode != 0:
        raise RuntimeError("fsm_log_peer.py failed (is requirements-bench.txt installed?): " + out.stderr[-1500:])
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["per_s"], result["errors"]


def warm_up(case_ids, actor):
    """One extend per case: the first one starts each case's viewflow process (a one-off cost)."""
    from casedesk.cases import transitions
    from casedesk.cases.models import Case

    for case in Case.objects.filter(pk__in=case_ids):
        transitions.perform(case, "extend", actor, until=next_until(case.mediation_due).isoformat(), reason=REASON,
                            parties_consent=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, env, workers=4):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "casedesk.wsgi", "-b", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)

    def wait_ready(self, token, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited: " + self.process.stderr.read().decode()[-2000:])
            try:
                status, _ = request(self.port, "GET", "/api/cases/?page_size=1", token)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer in time")

    def worker_memory_mb(self):
        """(RSS, PSS) in MB of each worker process."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        out = []
        for child in children:
            rss = pss = 0
            for line in Path(f"/proc/{child}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
            out.append((rss, pss))
        return out

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def request(port, method, path, token, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json", **(headers or {})}
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def api_tps(port, token, groups, dues, duration):
    """Transitions/s of 4 HTTP clients, each extending its own cases through the API, asking for the least
    answer (`Prefer: return=minimal`: the state and the event, not the whole case), as a client taking
    many steps would."""
    counts, errors = [0] * len(groups), [0] * len(groups)
    stop = time.perf_counter() + duration

    def client(n, ids):
        while time.perf_counter() < stop and errors[n] < 20:
            for case_id in ids:
                until = next_until(dues[case_id])
                status, body = request(port, "POST", f"/api/cases/{case_id}/transitions/extend/", token,
                                       {"until": until.isoformat(), "reason": REASON, "parties_consent": True},
                                       {"Prefer": "return=minimal"})
                if status == 200:
                    dues[case_id] = datetime.date.fromisoformat(json.loads(body)["mediation_due"])
                    counts[n] += 1
                else:
                    errors[n] += 1
                    print(f"  api client: {status} {body[:200]!r}", file=sys.stderr)

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n, ids)) for n, ids in enumerate(groups)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 120)
    return sum(counts) / (time.perf_counter() - began), sum(errors)


def environ(extra):
    env = os.environ.copy()
    env.update(extra)
    return env

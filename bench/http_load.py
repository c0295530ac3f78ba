"""The desk as `make run` serves it (scripts/serve.sh: gunicorn, 2 workers) under concurrent users,
on SQLite (WAL, as settings configure it) and on PostgreSQL: `sqlite_concurrent_errors` and
`sqlite_http_throughput_ratio_to_postgres` (issue 20).

    python bench/http_load.py --setup          # in a child whose DATABASE_URL is the database to fill

The load (run from bench/run.py, plain HTTP, no Django): 16 client threads for `duration` seconds
on 127.0.0.1. Half register cases through `POST /api/cases/` (one volunteer each, a new valid ID
number every time); half each own two mediating cases and loop: extend one through
`POST /api/cases/{id}/transitions/extend/`, then read its case page `GET /cases/{id}/` as its
mediator (a session cookie). An answer that is not 2xx is an error, except 409 (the case moved on
meanwhile: expected under concurrency). Every loop stops at the deadline; every request has a
60 s timeout.
"""

import datetime
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import writes

ROOT = Path(__file__).resolve().parent.parent
THREADS = 16
REGISTRARS = THREADS // 2
CASES_PER_WORKER = 2
EXPECTED_4XX = {409}
REASON = "双方当事人同意延长调解期限"


def setup():
    """Migrate, then users, tokens, sessions and mediating cases for the load; prints them as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casedesk.settings")
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from casedesk.cases import identifiers, intake, transitions

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", interactive=False, verbosity=0)  # as make run does: the pages need the manifest
    User = get_user_model()

    def user(name, group):
        u = User.objects.create_user(username=name, first_name=name)
        u.groups.add(Group.objects.get(name=group))
        return u

    supervisor = user("load_supervisor", "supervisor")
    mediators = [user(f"load_mediator_{n}", "mediator") for n in range(THREADS - REGISTRARS)]
    volunteers = [user(f"load_volunteer_{n}", "volunteer") for n in range(REGISTRARS)]
    sessions = {}
    for mediator in mediators:
        session = SessionStore()
        session.update({SESSION_KEY: str(mediator.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: mediator.get_session_auth_hash()})
        session.create()
        sessions[mediator.pk] = session.session_key
    workers = []
    for n, mediator in enumerate(mediators):
        cases = []
        for k in range(CASES_PER_WORKER):
            body = registration(identifiers, 900 + n * CASES_PER_WORKER + k, datetime.date(1970, 1, 1))
            case = intake.register_case(actor=volunteers[0], data=body).case
            case = transitions.perform(case, "accept", supervisor)
            case = transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
            cases.append({"id": case.pk, "due": case.mediation_due.isoformat()})
        workers.append({"session": sessions[mediator.pk], "cases": cases})
    print(json.dumps({
        "supervisor_token": Token.objects.create(user=supervisor).key,
        "volunteer_tokens": [Token.objects.create(user=v).key for v in volunteers],
        "workers": workers,
    }))


def registration(identifiers, n, birth):
    """A registration body (the API's) of one worker whose ID number is the `n`-th of `birth`'s day."""
    return {
        "channel": "walk_in", "category": "wage_arrears",
        "summary": "申请人在被申请人处从事缝纫工作，被申请人拖欠2026年7月至9月工资共计18600元。",
        "dispute_started_on": "2026-10-08",
        "applicants": [{"name": "张晓红", "id_number": identifiers.make_resident_id("330102", birth, n % 1000),
                        "phone": f"138{n % 10**8:08d}", "employment_form": "contract"}],
        "employer": {"name": "某某服装有限公司", "uscc": identifiers.make_uscc("91330100MA2B3C4D5"),
                     "address": "某某县工业园区纬三路8号", "contact_name": "刘经理", "contact_phone": "0571-88886666"},
        "claims": [{"kind": "wage", "amount": "18600.00", "description": "2026年7月至9月工资"}],
        "court_referral": None,
    }


def prepare(env):
    """Run setup() in a child with `env` (its DATABASE_URL); returns what it printed."""
    out = subprocess.run([sys.executable, __file__, "--setup"], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=1800)
    if out.returncode != 0:
        raise RuntimeError("http_load setup failed: " + out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


class Served:
    """scripts/serve.sh (what `make run` ends with) on a free port, in its own process group."""

    def __init__(self, env):
        self.port = writes.free_port()
        self.process = subprocess.Popen(["bash", str(ROOT / "scripts" / "serve.sh")], cwd=ROOT,
                                        env={**env, "CASEDESK_BIND": f"127.0.0.1:{self.port}"},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)

    def wait_ready(self, token, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("serve.sh exited: " + self.process.stderr.read().decode()[-2000:])
            try:
                if request(self.port, "GET", "/api/cases/?page_size=1", token=token)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("serve.sh did not answer in time")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def request(port, method, path, *, token=None, session=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        if session:
            headers["Cookie"] = f"sessionid={session}"
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(port, prepared, duration, identifiers, first_id):
    """{ok, errors, expected, by_status, seconds, samples} of the mixed load for `duration` seconds."""
    stop = time.perf_counter() + duration
    lock = threading.Lock()
    tally = {"ok": 0, "errors": 0, "expected": 0, "by_status": {}, "samples": []}

    def count(kind, status, body, what):
        with lock:
            tally[kind] += 1
            tally["by_status"][str(status)] = tally["by_status"].get(str(status), 0) + 1
            if kind == "errors" and len(tally["samples"]) < 5:
                tally["samples"].append(f"{what}: {status} {body[:160]!r}")

    def answer(status, body, what):
        if 200 <= status < 300:
            count("ok", status, body, what)
        else:
            count("expected" if status in EXPECTED_4XX else "errors", status, body, what)

    def registrar(n, token):
        serial = 0
        while time.perf_counter() < stop:
            serial += 1
            body = registration(identifiers, first_id + n * 100_000 + serial,
                                datetime.date(1971, 1, 1) + datetime.timedelta(days=n * 40 + serial // 1000))
            status, text = request(port, "POST", "/api/cases/", token=token, body=body)
            answer(status, text, "register")

    def worker(spec):
        token = prepared["supervisor_token"]
        while time.perf_counter() < stop:
            for case in spec["cases"]:
                due = datetime.date.fromisoformat(case["due"])
                until = max(due, datetime.date.today()) + datetime.timedelta(days=1)
                status, text = request(port, "POST", f"/api/cases/{case['id']}/transitions/extend/", token=token,
                                       body={"until": until.isoformat(), "reason": REASON, "parties_consent": True})
                if status == 200:
                    case["due"] = json.loads(text)["mediation_due"]
                answer(status, text, "extend")
                status, text = request(port, "GET", f"/cases/{case['id']}/", session=spec["session"])
                answer(status, text, "case page")

    began = time.perf_counter()
    threads = [threading.Thread(target=registrar, args=(n, t)) for n, t in enumerate(prepared["volunteer_tokens"])]
    threads += [threading.Thread(target=worker, args=(spec,)) for spec in prepared["workers"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 180)
    tally["seconds"] = time.perf_counter() - began
    return tally


def measure(env, duration, identifiers, first_id):
    """Prepare the database of `env`, serve it as `make run` does, load it; the tally."""
    prepared = prepare(env)
    served = Served(env)
    try:
        served.wait_ready(prepared["supervisor_token"])
        return load(served.port, prepared, duration, identifiers, first_id)
    finally:
        served.stop()


if __name__ == "__main__":
    if sys.argv[1:] == ["--setup"]:
        setup()
    else:
        sys.exit(__doc__)

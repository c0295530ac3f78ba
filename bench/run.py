"""casedesk benchmarks with budgets (issue 7): `make bench` or `.venv/bin/python bench/run.py [--quick]`.

Builds data on a throwaway PostgreSQL database (casedesk_bench_<pid>), runs every benchmark,
prints a table and writes bench/results.json. Every database it made is dropped at the end,
also on failure. Only 127.0.0.1 is spoken to. See bench/README.md.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

PG = {"host": os.environ.get("BENCH_PGHOST", "127.0.0.1"), "port": os.environ.get("BENCH_PGPORT", "5432"),
      "user": os.environ.get("BENCH_PGUSER", "postgres")}
PG_ARGS = ["-h", PG["host"], "-p", PG["port"], "-U", PG["user"]]
WORKERS, CASES_PER_WORKER = 4, 8
DETAIL_CASE, TIMELINE_CASE, FIRST_TRANSITION_CASE = 1, 2, 3
# After the transition cases (3..34) and the ORM floor's (35..66): the 500-event timeline of the page figures.
TIMELINE_500_CASE = FIRST_TRANSITION_CASE + 2 * WORKERS * CASES_PER_WORKER
TIMELINE_500_EVENTS = 500
# The county supervisor's county: the one whose subtree is expected to hold nearest this share of the cases.
COUNTY_SHARE = 0.02


def options():
    env = os.environ.get
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases-large", type=int, default=int(env("BENCH_CASES_LARGE", 100_000)))
    p.add_argument("--cases-stats", type=int, default=int(env("BENCH_CASES_STATS", 1_000_000)))
    p.add_argument("--events-audit", type=int, default=int(env("BENCH_EVENTS_AUDIT", 1_000_000)))
    p.add_argument("--timeline-events", type=int, default=int(env("BENCH_TIMELINE_EVENTS", 10_000)))
    p.add_argument("--runs", type=int, default=int(env("BENCH_RUNS", 5)), help="timings per figure (median)")
    p.add_argument("--rounds", type=int, default=int(env("BENCH_ROUNDS", 3)), help="throughput rounds (median)")
    p.add_argument("--duration", type=int, default=int(env("BENCH_DURATION", 10)), help="seconds per throughput run")
    p.add_argument("--pgbench-scale", type=int, default=int(env("BENCH_PGBENCH_SCALE", 10)))
    p.add_argument("--doc-runs", type=int, default=int(env("BENCH_DOC_RUNS", 7)))
    p.add_argument("--quick", action="store_true", default=env("BENCH_QUICK", "") not in ("", "0"),
                   help="10k/50k/50k cases/cases/events, fewer runs")
    p.add_argument("--skip-documents", action="store_true")
    p.add_argument("--http-duration", type=int, default=int(env("BENCH_HTTP_DURATION", 60)),
                   help="seconds of the 16-client load on SQLite and on PostgreSQL (bench/http_load.py)")
    p.add_argument("--skip-http", action="store_true", help="leave out the SQLite/PostgreSQL load")
    p.add_argument("--pages-only", action="store_true",
                   help="only the desk page figures (1000 cases, then --cases-stats); implies --skip-documents")
    p.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    p.add_argument("--keep-data", action="store_true",
                   help="keep the data database at the end (its name is printed), for EXPLAIN ANALYZE; drop it by hand")
    args = p.parse_args()
    if args.quick:
        args.cases_large, args.cases_stats, args.events_audit = 10_000, 50_000, 50_000
        args.runs, args.rounds, args.doc_runs, args.pgbench_scale = 3, 1, 3, 4
        args.http_duration = min(args.http_duration, 20)
    args.events_audit = max(args.events_audit, args.cases_large + args.timeline_events + 50)
    args.cases_stats = max(args.cases_stats, args.cases_large)
    if args.pages_only:
        args.skip_documents = args.skip_http = True
    return args


def admin(sql):
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(sql)


def dsn(dbname):
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{dbname}"


class Results:
    def __init__(self):
        self.rows = []

    def add(self, name, value, unit, budget, better, detail):
        self.rows.append({"name": name, "value": value, "unit": unit, "budget": budget, "better": better,
                          "detail": detail})
        print(f"  {name} = {value} {unit}  ({detail})", flush=True)

    def verdict(self, row):
        if row["budget"] is None or row["value"] is None:
            return "-" if row["budget"] is None else "MISS"
        ok = row["value"] >= row["budget"] if row["better"] == "higher" else row["value"] <= row["budget"]
        if row["name"].endswith("_queries") and "not constant" in row["detail"]:
            ok = False
        return "pass" if ok else "MISS"


def step(title):
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {title}", flush=True)


def make_users():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    User = get_user_model()

    def user(name, group):
        u = User.objects.create_user(username=name, first_name=name)
        u.groups.add(Group.objects.get(name=group))
        return u

    supervisor = user("bench_supervisor", "supervisor")
    mediators = [user(f"bench_mediator_{i}", "mediator") for i in range(20)]
    volunteers = [user(f"bench_volunteer_{i}", "volunteer") for i in range(30)]
    token = Token.objects.create(user=supervisor).key
    # Outside the random pool: exactly 40 open cases at every size (datagen.State.fixed_mediator_id).
    mediator_40 = user("bench_mediator_40", "mediator")
    return supervisor, mediators, volunteers, token, mediator_40


def make_unit_users(conn, province, county_share):
    """The province's people (issue 18): a volunteer in every county and station (the cases drawn into a
    unit are registered by its volunteer), a mediator in every county, and the two supervisors the unit
    figures are read as: one of the county whose subtree holds about `county_share` of the cases, one of
    the province (the root unit, through a membership row). Written in bulk; memberships with COPY."""
    import datagen
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    groups = {g.name: g for g in Group.objects.all()}
    wanted = []  # (username, group, unit id)
    for unit_id in province.of_kind("county") + province.of_kind("station"):
        wanted.append((f"bench_unit_volunteer_{unit_id}", "volunteer", unit_id))
    for unit_id in province.of_kind("county"):
        wanted.append((f"bench_unit_mediator_{unit_id}", "mediator", unit_id))
    county = province.county_near(county_share)
    root_id = next(u for u in province.units if province.kind(u) == "root")
    wanted += [("bench_county_supervisor", "supervisor", county), ("bench_province_supervisor", "supervisor", root_id)]
    User.objects.bulk_create([User(username=name, first_name=name, password="!") for name, _, _ in wanted])
    made = dict(User.objects.filter(username__in=[w[0] for w in wanted]).values_list("username", "pk"))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=made[name], group_id=groups[group].pk) for name, group, _ in wanted])
    datagen.add_memberships(conn, [(made[name], unit_id) for name, _, unit_id in wanted])
    province.volunteers = {unit_id: made[name] for name, group, unit_id in wanted if group == "volunteer"}
    return User.objects.get(username="bench_county_supervisor"), User.objects.get(username="bench_province_supervisor")


def page_figures(args, people, label):
    """{name: (seconds, queries, sql)} of every desk page (bench/pages.py) at the data's present size."""
    import pages
    from django.utils import timezone

    from casedesk.cases.models import Case

    supervisor, mediator_40, volunteer, county_supervisor, province_supervisor, city_id = people
    step(f"desk pages at {label}")
    from casedesk.units import tree

    county = tree.unit_of(county_supervisor)
    seen, total = Case.objects.filter(tree.subtree_q(county)).count(), Case.objects.count()
    print(f"  the county supervisor's {county.name} and its stations: {seen} of {total} cases "
          f"({100 * seen / total:.1f} %)", flush=True)
    number = Case.objects.values_list("number", flat=True).get(pk=FIRST_TRANSITION_CASE + 2)
    listed = pages.desk_pages(volunteer=volunteer, mediator=mediator_40, supervisor=supervisor,
                              collective_case=DETAIL_CASE, timeline_case=TIMELINE_500_CASE,
                              id_number=f"33{1:016d}", case_number=number, year=timezone.now().year)
    listed += pages.unit_pages(county_supervisor=county_supervisor, province_supervisor=province_supervisor,
                               city_id=city_id)
    return pages.measure(listed, args.runs)


def page_results(results, small, large, large_label):
    for name, (small_s, small_q, _) in small.items():
        large_s, large_q, _ = large[name]
        constant = "constant" if small_q == large_q else "not constant"
        results.add(f"page_{name}_queries", large_q, "queries", 25, "lower",
                    f"{small_q} queries with 1000 cases, {large_q} with {large_label}: {constant}")
        results.add(f"page_{name}_time_ratio_1m_to_1k", round(large_s / small_s, 3), "ratio", 1.5, "lower",
                    f"{large_s * 1000:.1f} ms with {large_label} cases vs {small_s * 1000:.1f} ms with 1000")


def build_and_measure(args, results, env):
    import datagen
    import psycopg
    import reads
    import writes

    from casedesk.units import tree

    step("users")
    supervisor, mediators, volunteers, token, mediator_40 = make_users()
    state = datagen.State(supervisor_id=supervisor.pk, mediator_ids=[m.pk for m in mediators],
                          volunteer_ids=[v.pk for v in volunteers], fixed_mediator_id=mediator_40.pk,
                          unit_id=tree.root().pk)
    conn = psycopg.connect(env["DATABASE_URL"])
    try:
        step("units: a province of 101")
        root = tree.root()
        province = datagen.add_units(conn, root.pk, root.path)
        county_supervisor, province_supervisor = make_unit_users(conn, province, COUNTY_SHARE)
        county = tree.unit_of(county_supervisor)
        # The city above the county supervisor's county: the province supervisor's figures of one city.
        city_id = county.parent_id
        people = (supervisor, mediator_40, volunteers[0], county_supervisor, province_supervisor, city_id)
        # Special cases first (ids 1, 2, 3..): the detail case, the long timeline, the transition cases.
        datagen.grow_cases(conn, state, DETAIL_CASE, status="mediating", channel="walk_in", forced_applicants=10)
        datagen.grow_cases(conn, state, TIMELINE_CASE, status="mediating", channel="walk_in")
        transition_ids = list(range(FIRST_TRANSITION_CASE, FIRST_TRANSITION_CASE + WORKERS * CASES_PER_WORKER))
        datagen.grow_cases(conn, state, transition_ids[-1], status="mediating", channel="walk_in", forced_applicants=1)
        datagen.grow_cases(conn, state, TIMELINE_500_CASE, status="mediating", channel="walk_in")
        datagen.add_documents(conn, DETAIL_CASE, 10, mediators[0].pk)
        state.units = province  # the fixed cases above are the root's; from here on spread over the units

        step("1k cases")
        datagen.grow_cases(conn, state, 1000)
        datagen.add_chain(conn, state, TIMELINE_500_CASE, TIMELINE_500_EVENTS)
        datagen.add_processes(conn, state)
        datagen.add_access_log(conn, state, 1000)
        pages_small = page_figures(args, people, "1000 cases")
        if args.pages_only:
            step(f"{args.cases_stats} cases for the page figures")
            datagen.grow_cases(conn, state, args.cases_stats)
            datagen.add_processes(conn, state)
            datagen.add_access_log(conn, state, args.cases_stats)
            pages_large = page_figures(args, people, f"{args.cases_stats} cases")
            page_results(results, pages_small, pages_large, str(args.cases_stats))
            return
        small_s, small_q, small_rows, _ = reads.case_list(token, args.runs * 3)

        step(f"{args.cases_large} cases")
        t0 = time.perf_counter()
        datagen.grow_cases(conn, state, args.cases_large)
        datagen.add_processes(conn, state)
        build_large = time.perf_counter() - t0
        large_s, large_q, large_rows, large_sql = reads.case_list(token, args.runs * 3)
        results.add("case_list_time_ratio_100k_to_1k", round(large_s / small_s, 3), "ratio", 1.5, "lower",
                    f"GET {reads.LIST_URL} as a supervisor: {large_s * 1000:.1f} ms with {args.cases_large} cases "
                    f"({large_rows} match) vs {small_s * 1000:.1f} ms with 1000 ({small_rows} match); "
                    f"median of {args.runs * 3}")
        constant = "constant" if small_q == large_q else "not constant"
        results.add("case_list_queries", large_q, "queries", 12, "lower",
                    f"{small_q} queries with 1000 cases, {large_q} with {args.cases_large}: {constant}")

        step(f"audit chains: {args.events_audit} events")
        t0 = time.perf_counter()
        written = datagen.add_events(conn, state, args.events_audit, cases=args.cases_large,
                                     special={DETAIL_CASE: 50, TIMELINE_CASE: args.timeline_events},
                                     skip={TIMELINE_500_CASE})
        build_events = time.perf_counter() - t0
        detail_q, detail_sql = reads.case_detail_queries(token, DETAIL_CASE)
        results.add("case_detail_queries", detail_q, "queries", 15, "lower",
                    "GET /api/cases/{id}/ as a supervisor, a case with 10 applicants, 50 events, 10 documents")

        verify_s, fetch_s, events, broken = reads.audit_walk(max(1, args.runs - 2))
        results.add("verify_audit_time_ratio_to_fetch", round(verify_s / fetch_s, 3), "ratio", 3.0, "lower",
                    f"audit.verify_all() (what manage.py verify_audit runs) over {events} events of "
                    f"{args.cases_large} cases: {verify_s:.2f} s vs {fetch_s:.2f} s fetching the same two streams "
                    f"(values_list iterators, chunk 5000); {broken} broken chains found (0 expected)")

        page_s, api_s, page_q = reads.timelines(token, supervisor, TIMELINE_CASE, args.runs)
        short_s, _, short_q = reads.timelines(token, supervisor, TIMELINE_500_CASE, args.runs)
        results.add("timeline_page_10k_events_ms", round(page_s * 1000, 1), "ms", round(3 * short_s * 1000, 1), "lower",
                    f"GET /reports/cases/{{id}}/timeline/ for a case with {args.timeline_events} events "
                    f"({page_q} queries); budget 3x the same page of a {TIMELINE_500_EVENTS}-event case, "
                    f"{short_s * 1000:.0f} ms ({short_q} queries), same run; GET /api/cases/{{id}}/timeline/ takes "
                    f"{api_s * 1000:.0f} ms")

        step("transitions: pgbench, service, API")
        pg_db = env["BENCH_PGBENCH_DB"]
        writes.pgbench_init(PG_ARGS, pg_db, args.pgbench_scale)
        actor = supervisor
        writes.warm_up(transition_ids, actor)
        groups = [transition_ids[i::WORKERS] for i in range(WORKERS)]
        server = writes.Gunicorn(writes.environ({}), workers=WORKERS)
        try:
            server.wait_ready(token)
            pg, svc, floor, api, svc_err, api_err = [], [], [], [], 0, 0
            peer, peer_err, peer_failure = [], 0, ""
            # The ORM floor works on other cases (its events carry no real hashes).
            floor_first = transition_ids[-1] + 1
            floor_ids = list(range(floor_first, floor_first + WORKERS * CASES_PER_WORKER))
            floor_groups = [floor_ids[i::WORKERS] for i in range(WORKERS)]
            from casedesk.cases.models import Case

            for n in range(args.rounds):
                pg.append(writes.pgbench_tps(PG_ARGS, pg_db, args.duration))
                tps, err = writes.service_tps(groups, actor.pk, args.duration)
                svc.append(tps)
                svc_err += err
                floor.append(writes.floor_tps(floor_groups, args.duration))
                if not peer_failure:  # the peer extends the floor's cases (its own rows: StateLog)
                    try:
                        tps, err = writes.fsm_log_peer_tps(floor_groups, actor.pk, args.duration)
                        peer.append(tps)
                        peer_err += err
                    except Exception as exc:  # noqa: BLE001 - the figure says why it is missing
                        peer_failure = str(exc)
                        print(f"  fsm-log peer: {exc}", file=sys.stderr)
                dues = dict(Case.objects.filter(pk__in=transition_ids).values_list("pk", "mediation_due"))
                tps, err = writes.api_tps(server.port, token, groups, dues, args.duration)
                api.append(tps)
                api_err += err
                print(f"  round {n + 1}: pgbench {pg[-1]:.0f} tps, service {svc[-1]:.1f}/s, "
                      f"ORM floor {floor[-1]:.0f}/s, api {api[-1]:.1f}/s, "
                      f"fsm-log peer {peer[-1] if peer else float('nan'):.1f}/s", flush=True)
            memory = server.worker_memory_mb()
        finally:
            server.stop()
        # The same API run with a database connection opened per request (the default keeps it 60 s).
        server = writes.Gunicorn(writes.environ({"CASEDESK_DB_CONN_MAX_AGE": "0"}), workers=WORKERS)
        try:
            server.wait_ready(token)
            dues = dict(Case.objects.filter(pk__in=transition_ids).values_list("pk", "mediation_due"))
            api_per_request, _ = writes.api_tps(server.port, token, groups, dues, args.duration)
        finally:
            server.stop()
        pg_m, svc_m, api_m = statistics.median(pg), statistics.median(svc), statistics.median(api)
        floor_m = statistics.median(floor)
        # Issue 20: the service against the Django floor (lock + insert + update + commit, same processes,
        # same run); the ratios to pgbench of issue 7 stay in the details.
        results.add("transitions_per_s_ratio_to_orm_floor", round(svc_m / floor_m, 3), "ratio", 0.5, "higher",
                    f"'extend' via casedesk.cases.transitions.perform in {WORKERS} processes, each on its own "
                    f"{CASES_PER_WORKER} cases: {svc_m:.1f}/s vs the ORM floor {floor_m:.0f}/s; median of "
                    f"{args.rounds}; {svc_err} errors; was transitions_per_s_ratio_to_pgbench: "
                    f"{svc_m / pg_m:.3f} of pgbench -c 4 -j 2 -T {args.duration} tpcb-like (scale "
                    f"{args.pgbench_scale}) {pg_m:.0f} tps")
        if peer:
            peer_m = statistics.median(peer)
            results.add("transitions_ratio_to_fsm_log_peer", round(svc_m / peer_m, 3), "ratio", 0.6, "higher",
                        f"the service {svc_m:.1f}/s vs django-fsm-2 + django-fsm-log (bench/fsm_log_peer.py: lock, "
                        f"has_transition_perm, the model's extend transition, save, StateLog row, commit) "
                        f"{peer_m:.1f}/s in {WORKERS} processes on the ORM floor's cases; median of {len(peer)}; "
                        f"{peer_err} peer errors")
        else:
            results.add("transitions_ratio_to_fsm_log_peer", None, "ratio", 0.6, "higher",
                        f"not measured: {peer_failure[:300]}")
        results.add("transitions_orm_floor_per_s_ratio_to_pgbench", round(floor_m / pg_m, 3), "ratio", None, "higher",
                    f"the fewest statements any transition runs (lock the case, insert an event, save the case, "
                    f"commit) through the Django ORM in {WORKERS} processes, nothing else: {floor_m:.0f}/s vs "
                    f"pgbench {pg_m:.0f} tps")
        results.add("api_transitions_per_s_ratio_to_orm_floor", round(api_m / floor_m, 3), "ratio", 0.2, "higher",
                    f"POST /api/cases/{{id}}/transitions/extend/ with Prefer: return=minimal to gunicorn ({WORKERS} sync workers, 127.0.0.1) "
                    f"from {WORKERS} client threads: {api_m:.1f}/s vs the ORM floor {floor_m:.0f}/s; median of "
                    f"{args.rounds}; {api_err} errors; was api_transitions_per_s_ratio_to_pgbench: "
                    f"{api_m / pg_m:.3f} of pgbench {pg_m:.0f} tps")
        results.add("api_transitions_per_s_conn_max_age_0", round(api_per_request, 1), "per s", None, "higher",
                    f"the API run once more with CASEDESK_DB_CONN_MAX_AGE=0 (a connection per request): "
                    f"ratio to pgbench {api_per_request / pg_m:.3f}")
        rss = statistics.median(r for r, _ in memory)
        pss = statistics.median(p for _, p in memory)
        results.add("gunicorn_worker_rss_mb", round(rss, 1), "MB", None, "lower",
                    f"median RSS of {len(memory)} sync workers after the API run; PSS (shared pages split) "
                    f"{pss:.0f} MB each")

        step(f"{args.cases_stats} cases for the figures")
        t0 = time.perf_counter()
        datagen.grow_cases(conn, state, args.cases_stats)
        datagen.add_processes(conn, state)
        datagen.add_access_log(conn, state, args.cases_stats)
        build_stats = time.perf_counter() - t0
        pages_large = page_figures(args, people, f"{args.cases_stats} cases")
        page_results(results, pages_small, pages_large, str(args.cases_stats))
        api_s, raw_s, counted = reads.stats(token, args.runs)
        results.add("stats_time_ratio_to_raw_sql_1m", round(api_s / raw_s, 3), "ratio", 2.0, "lower",
                    f"GET /api/stats/ over {counted} cases: {api_s * 1000:.0f} ms vs one hand-written GROUP BY "
                    f"GROUPING SETS query for the same figures {raw_s * 1000:.0f} ms; median of {args.runs}")
        results.add("datagen_seconds", round(build_large + build_events + build_stats, 1), "s", None, "lower",
                    f"COPY: {args.cases_large} cases {build_large:.0f} s, {written} chained events "
                    f"{build_events:.0f} s, up to {args.cases_stats} cases {build_stats:.0f} s")
    finally:
        conn.close()


def http_figures(args, results, env, workdir, pg_db):
    """bench/http_load.py: make run's server under 16 clients on SQLite, then the same on PostgreSQL."""
    import http_load

    from casedesk.cases import identifiers

    step(f"HTTP load: 16 clients, {args.http_duration} s on SQLite, then on PostgreSQL")
    var = workdir / "http-var"
    var.mkdir()
    base = {**env, "CASEDESK_VAR_DIR": str(var), "CASEDESK_MEDIA_ROOT": str(var / "media"),
            # A policy, not a capacity: eight registrars look up far more than 30 numbers a minute.
            "CASEDESK_IDENTITY_LOOKUPS_PER_MINUTE": "1000000"}
    sqlite_env = {**base, "DATABASE_URL": f"sqlite:///{var / 'casedesk.sqlite3'}"}
    sqlite_env.pop("CASEDESK_DB_CONN_MAX_AGE", None)
    lite = http_load.measure(sqlite_env, args.http_duration, identifiers, 1)
    postgres = http_load.measure({**base, "DATABASE_URL": dsn(pg_db)}, args.http_duration, identifiers, 1)
    lite_rate, pg_rate = lite["ok"] / lite["seconds"], postgres["ok"] / postgres["seconds"]

    def told(tally):
        return (f"{tally['ok']} ok, {tally['expected']} expected 409, {tally['errors']} errors in "
                f"{tally['seconds']:.0f} s; by status {tally['by_status']}"
                + (f"; e.g. {tally['samples'][:2]}" if tally["samples"] else ""))

    results.add("sqlite_concurrent_errors", lite["errors"], "answers", 0, "lower",
                f"scripts/serve.sh (gunicorn, 2 workers) on SQLite (WAL), 16 clients for {args.http_duration} s: "
                f"8 registering cases (POST /api/cases/), 8 extending their own 2 cases and reading each case "
                f"page (GET /cases/{{id}}/ as its mediator): {told(lite)}")
    results.add("sqlite_http_throughput_ratio_to_postgres", round(lite_rate / pg_rate, 3) if pg_rate else None,
                "ratio", 0.5, "higher",
                f"successful requests/s: SQLite {lite_rate:.1f} vs PostgreSQL {pg_rate:.1f} under the same load "
                f"and server; PostgreSQL: {told(postgres)}")


def documents(args, results, env):
    step("documents_bench.py")
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "documents_bench.py"), "--runs", str(args.doc_runs)],
                         env=env, capture_output=True, text=True, timeout=3600, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError("documents_bench.py failed: " + out.stderr[-2000:])
    budgets = {"pdf_agreement_time_ratio_to_bare_weasyprint": 1.3,
               "pdf_agreement_collective_time_ratio_to_bare_weasyprint": 1.3, "archive_bundle_500_pages_peak_rss_mb": 300}
    for row in json.loads(out.stdout):
        results.add(row["name"], row["value"], row["unit"], budgets.get(row["name"]), row.get("better", "lower"),
                    row["detail"])


BUDGETS = {"transitions_per_s_ratio_to_orm_floor": (0.5, "higher"),
           "api_transitions_per_s_ratio_to_orm_floor": (0.2, "higher"),
           "case_list_time_ratio_100k_to_1k": (1.5, "lower"), "case_list_queries": (12, "lower"),
           "case_detail_queries": (15, "lower"), "pdf_agreement_time_ratio_to_bare_weasyprint": (1.3, "lower"),
           "pdf_agreement_collective_time_ratio_to_bare_weasyprint": (1.3, "lower"),
           "stats_time_ratio_to_raw_sql_1m": (2.0, "lower"), "verify_audit_time_ratio_to_fetch": (3.0, "lower"),
           "archive_bundle_500_pages_peak_rss_mb": (300, "lower"), "timeline_page_10k_events_ms": (None, "lower"),
           "transitions_ratio_to_fsm_log_peer": (0.6, "higher"), "sqlite_concurrent_errors": (0, "lower"), "sqlite_http_throughput_ratio_to_postgres": (0.5, "higher")}
ALL = list(BUDGETS)


def report(results, args, failures):
    names = {r["name"] for r in results.rows}
    for name in ALL:  # every budgeted name is in the file, measured or not
        if name not in names:
            budget, better = BUDGETS[name]
            results.rows.append({"name": name, "value": None, "unit": "", "budget": budget, "better": better,
                                 "detail": "not measured: " + ("; ".join(failures) or "skipped")})
    cores = os.cpu_count()
    sizes = f"cases {args.cases_large}/{args.cases_stats}, events {args.events_audit}"
    print(f"\ncasedesk benchmarks on {cores} cores ({sizes}{', quick' if args.quick else ''})")
    print(f"{'name':46} {'value':>10} {'unit':8} {'budget':>10}  verdict")
    for row in results.rows:
        sign = "" if row["budget"] is None else (">= " if row["better"] == "higher" else "<= ")
        budget = "-" if row["budget"] is None else f"{sign}{row['budget']}"
        value = "-" if row["value"] is None else row["value"]
        print(f"{row['name']:46} {value!s:>10} {row['unit']:8} {budget:>10}  {results.verdict(row)}")
    Path(args.output).write_text(json.dumps(
        {"cores": cores, "quick": args.quick, "sizes": sizes, "results": results.rows}, ensure_ascii=False, indent=2)
        + "\n")
    print(f"written: {args.output}")


def main():
    args = options()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    name = f"casedesk_bench_{os.getpid()}"
    databases = [name, f"{name}_pgbench", f"{name}_docs", f"{name}_http"]
    workdir = Path(tempfile.mkdtemp(prefix="casedesk-bench-"))
    env = os.environ.copy()
    env.update({"DATABASE_URL": dsn(name), "BENCH_PGBENCH_DB": databases[1], "CASEDESK_MEDIA_ROOT": str(workdir),
                "CASEDESK_LOG_LEVEL": "ERROR", "CASEDESK_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "casedesk.settings",
                # The transition figures extend the same 32 cases by a day, thousands of times: the union's cap
                # (30 days past the period, counted from an acceptance years ago in the data) would refuse them.
                "CASEDESK_MAX_EXTENSION_DAYS": "100000"})
    os.environ.update(env)
    results, failures = Results(), []
    try:
        for db in databases:
            admin(f'CREATE DATABASE "{db}"')
        step(f"migrate {name}")
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                       check=True, timeout=900)
        import django

        django.setup()
        try:
            build_and_measure(args, results, env)
        except Exception as exc:  # the documents figures are still worth having
            import traceback

            traceback.print_exc()
            failures.append(f"{type(exc).__name__}: {exc}")
        if not args.skip_http:
            try:
                http_figures(args, results, env, workdir, databases[3])
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                print(failures[-1], file=sys.stderr)
        if not args.skip_documents:
            try:
                documents(args, results, {**env, "DATABASE_URL": dsn(databases[2])})
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                print(failures[-1], file=sys.stderr)
        report(results, args, failures)
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        for db in databases:
            if args.keep_data and db == databases[0]:
                print(f"kept the data database {db} (DATABASE_URL={dsn(db)})", file=sys.stderr)
                continue
            try:
                admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            except Exception as exc:
                print(f"could not drop {db}: {exc}", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Bench data, written with COPY (psycopg) so that a million cases build in minutes.

Distributions (seeded, so every run builds the same data):
- category: wage arrears dominate (55 %), then termination, overtime, insurance, injury...
- status: most cases finished (closed/archived), a sixth being mediated, the rest spread out.
- applicants per case: a long tail (80 % one worker, a few collective disputes of 10-60).
- events per case: every case starts with "create"; the rest follow a Pareto tail.
Audit chains are real: each event is hashed with casedesk.cases.audit.canonical/chain_hash
and Case.audit_seq/audit_head point at the chain head, so verify_all checks true chains.

Call grow_cases() repeatedly to add cases up to a target, then add_events() once.
"""

import datetime
import hashlib
import itertools
import random
from decimal import Decimal

UTC = datetime.timezone.utc
TODAY = datetime.date.today()

CATEGORIES = [("wage_arrears", 55), ("contract_termination", 12), ("overtime", 10), ("social_insurance", 8),
              ("work_injury", 7), ("labor_relationship", 5), ("other", 3)]
CHANNELS = [("walk_in", 40), ("hotline_12351", 20), ("online", 20), ("court_delegated", 6),
            ("court_commissioned", 3), ("transfer", 8), ("other", 3)]
STATUSES = [("closed", 33), ("archived", 17), ("mediating", 15), ("submitted", 7), ("accepted", 6),
            ("agreed", 5), ("confirming", 2), ("confirmed", 2), ("failed", 5), ("withdrawn", 5), ("rejected", 3)]
OUTCOMES = [("settled", 60), ("failed", 20), ("withdrawn", 12), ("rejected", 8)]
FORMS = [("contract", 60), ("dispatch", 10), ("platform", 18), ("informal", 10), ("other", 2)]
CLAIM_KINDS = ["wage", "overtime_pay", "severance", "damages", "injury_benefit", "social_insurance", "other"]
COURT_REFERRAL_KINDS = {"court_delegated": "pre_litigation", "court_commissioned": "commissioned"}
WITH_MEDIATOR = {"mediating", "agreed", "confirming", "confirmed", "failed", "closed", "archived"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂"
COMPANY = ["建筑工程有限公司", "餐饮管理有限公司", "物流有限公司", "电子科技有限公司", "劳务派遣有限公司", "服装厂"]
CITIES = ["城关", "东城", "西城", "开发区", "高新区", "南湖"]


def weighted(rng, table):
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def applicants_for(rng):
    """Workers in one case: mostly one, a long tail up to collective disputes."""
    r = rng.random()
    if r < 0.80:
        return 1
    if r < 0.93:
        return rng.randint(2, 3)
    if r < 0.985:
        return rng.randint(4, 9)
    return rng.randint(10, 60)


class State:
    """What the generator has written so far (ids handed out, users to pick from)."""

    def __init__(self, *, supervisor_id, mediator_ids, volunteer_ids, seed=7, fixed_mediator_id=None, fixed_load=40,
                 unit_id=None):
        self.unit_id = unit_id  # the root (casedesk.units.tree.root): every case's unit until add_units
        self.rng = random.Random(seed)
        # After add_units: the cases spread over the province's units (their own generator, so that every
        # other column is drawn as before), each registered by a volunteer of its unit.
        self.units = None  # Province
        self.supervisor_id, self.mediator_ids, self.volunteer_ids = supervisor_id, mediator_ids, volunteer_ids
        self.cases = self.employers = self.persons = self.applicants = self.claims = 0
        # One mediator outside the random pool gets exactly `fixed_load` open cases (the first ones
        # after FIXED_FROM), whatever the size: the "mediator with 40 open cases" of the page figures.
        self.fixed_mediator_id, self.fixed_left = fixed_mediator_id, fixed_load if fixed_mediator_id else 0
        self.processes_upto = 0  # cases 1..processes_upto have their viewflow process (add_processes)
        self.process_templates = None
        self.access_rows = 0


FIXED_FROM = 100
OPEN_WITH_MEDIATOR = {"mediating", "agreed", "confirming", "confirmed"}


def copy_rows(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def set_sequences(cursor):
    for table in ("cases_case", "cases_employer", "cases_person", "cases_applicant", "cases_caseemployer", "cases_claim", "cases_courtreferral",
                  "cases_caseevent", "documents_generateddocument"):
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))")


def vacuum_analyze(conn):
    """What autovacuum would have done by now: statistics, and the visibility map for index-only scans."""
    conn.autocommit = True
    try:
        conn.execute("VACUUM (ANALYZE)")
    finally:
        conn.autocommit = False


def _name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")


def grow_cases(conn, state, target, *, batch=50_000, status=None, channel=None, forced_applicants=None):
    """Add cases (with employers, persons, applicants, claims) until there are `target`."""
    from casedesk.cases import crypto

    rng = state.rng
    now = datetime.datetime.now(UTC)
    while state.cases < target:
        n = min(batch, target - state.cases)
        employers_needed = max(1, n // 15)
        first_employer = state.employers + 1
        employer_rows = []
        for i in range(employers_needed):
            eid = first_employer + i
            uscc = f"91{eid:016d}" if rng.random() < 0.8 else ""
            employer_rows.append((eid, rng.choice(CITIES) + rng.choice(SURNAMES) + "氏" + rng.choice(COMPANY), uscc, now))
        state.employers += employers_needed
        case_rows, person_rows, applicant_rows, claim_rows, respondent_rows = [], [], [], [], []
        referral_rows = []
        for _ in range(n):
            state.cases += 1
            cid = state.cases
            st = status or weighted(rng, STATUSES)
            ch = channel or weighted(rng, CHANNELS)
            cat = weighted(rng, CATEGORIES)
            submitted = now - datetime.timedelta(days=rng.random() * 3 * 365, microseconds=rng.randint(0, 10**6))
            sub_day = submitted.date()
            accepted = sub_day + datetime.timedelta(days=rng.randint(0, 5)) if st not in ("submitted", "rejected") else None
            mediation_due = accepted + datetime.timedelta(days=rng.randint(15, 45)) if accepted else None
            if st == "mediating":
                mediation_due = TODAY + datetime.timedelta(days=rng.randint(-5, 40))
            finished = st in ("closed", "archived")
            outcome = weighted(rng, OUTCOMES) if finished else ""
            recovered = Decimal(rng.randint(500, 200_000)).quantize(Decimal("0.01")) if outcome == "settled" else None
            count = forced_applicants or applicants_for(rng)
            forms = set()
            claimed = Decimal("0.00")
            for pos in range(count):
                state.persons += 1
                state.applicants += 1
                pid = state.persons
                form = weighted(rng, FORMS)
                forms.add(form)
                # Encrypted at rest with their keyed hashes, as the services store them (casedesk.cases.crypto).
                id_number, phone = f"33{pid:016d}", f"13{rng.randint(10**8, 10**9 - 1)}"
                name = _name(rng)
                person_rows.append((pid, name, "resident_id", crypto.encrypt(id_number), crypto.digest(id_number),
                                    rng.random() < 0.7, now))
                applicant_rows.append((state.applicants, cid, pid, name, crypto.encrypt(phone), crypto.digest(phone, "phone"),
                                       "某某县" + rng.choice(CITIES) + "村" + str(rng.randint(1, 30)) + "组", "", form, "",
                                       pos))
            for _k in range(rng.randint(1, 3)):
                state.claims += 1
                amount = Decimal(rng.randint(800, 80_000) * count).quantize(Decimal("0.01"))
                claimed += amount
                claim_rows.append((state.claims, cid, rng.choice(CLAIM_KINDS[:4] if cat == "wage_arrears" else CLAIM_KINDS),
                                   amount, "拖欠工资及加班费"))
            employer_id = first_employer + min(int(rng.paretovariate(1.2)) - 1, employers_needed - 1)
            # The employer as the case registered it (casedesk.cases.party_models.CaseEmployer).
            respondent_rows.append((cid, cid, employer_rows[employer_id - first_employer][1],
                                    "某某县" + rng.choice(CITIES) + "路" + str(rng.randint(1, 999)) + "号", _name(rng), "",
                                    _name(rng), crypto.encrypt(f"0571{rng.randint(10**7, 10**8 - 1)}")))
            if ch in COURT_REFERRAL_KINDS:  # a court's case has its referral (the deadline reads its days)
                referral_rows.append((cid, "某某县人民法院", f"（{submitted.year}）民诉前调{cid}号",
                                      COURT_REFERRAL_KINDS[ch], sub_day, sub_day, 30))
            case_rows.append((
                cid, f"工调字〔{submitted.year}〕{cid:07d}号", submitted.year, cid, st, ch, cat,
                "申请人称被申请人拖欠工资，多次催要未果。" * rng.randint(1, 4), sub_day - datetime.timedelta(days=rng.randint(10, 400)),
                employer_id, *_unit_and_registrar(state, rng.choice(state.volunteer_ids)),
                _mediator_for(state, rng, cid, st),
                submitted, accepted, sub_day + datetime.timedelta(days=5), mediation_due,
                submitted + datetime.timedelta(days=rng.randint(10, 90)) if finished else None,
                outcome, recovered, count, count >= 10, claimed,
                ",%s," % ",".join(sorted(forms)), 0, "", submitted,
            ))
        with conn.cursor() as cur:
            copy_rows(cur, "cases_employer", ["id", "name", "uscc", "created_at"], employer_rows)
            copy_rows(cur, "cases_person", ["id", "name", "id_type", "id_number", "id_number_digest", "id_verified",
                                            "created_at"], person_rows)
            copy_rows(cur, "cases_case", [
                "id", "number", "year", "serial", "status", "channel", "category", "summary", "dispute_started_on",
                "employer_id", "unit_id", "registered_by_id", "mediator_id", "submitted_at", "accepted_on", "acceptance_due",
                "mediation_due", "closed_at", "outcome", "recovered_amount", "applicant_count", "is_collective",
                "claimed_total", "employment_forms", "audit_seq", "audit_head", "updated_at"], case_rows)
            copy_rows(cur, "cases_applicant", ["id", "case_id", "person_id", "name", "phone", "phone_digest", "address",
                                               "bank_account", "employment_form", "job", "position"], applicant_rows)
            copy_rows(cur, "cases_caseemployer", ["id", "case_id", "name", "address", "legal_representative",
                                                  "legal_representative_title", "contact_name", "contact_phone"],
                      respondent_rows)
            copy_rows(cur, "cases_claim", ["id", "case_id", "kind", "amount", "description"], claim_rows)
            copy_rows(cur, "cases_courtreferral", ["case_id", "court", "court_case_number", "kind", "referred_on",
                                                   "received_on", "mediation_days"], referral_rows)
        conn.commit()
    with conn.cursor() as cur:
        set_sequences(cur)
    conn.commit()
    vacuum_analyze(conn)
    return state.cases


def _unit_and_registrar(state, volunteer_id):
    """(unit id, registering volunteer) of the next case: the root's with a root volunteer before
    add_units; after it, a unit drawn by its weight and, outside the root, that unit's volunteer."""
    if state.units is None:
        return state.unit_id, volunteer_id
    unit_id = state.units.draw()
    return unit_id, state.units.volunteers.get(unit_id, volunteer_id)


def _mediator_for(state, rng, cid, st):
    if st not in WITH_MEDIATOR:
        return None
    pick = rng.choice(state.mediator_ids)  # drawn always: the data stays the same with or without the fixed one
    if state.fixed_left and cid > FIXED_FROM and st in OPEN_WITH_MEDIATOR:
        state.fixed_left -= 1
        return state.fixed_mediator_id
    return pick


ACTIONS = [("create", "", "submitted"), ("accept", "submitted", "accepted"), ("assign", "accepted", "mediating"),
           ("extend", "mediating", "mediating"), ("session", "", ""), ("document", "", ""), ("note", "", "")]


def _chain(case_id, count, start, actors, rng, canonical, chain_hash):
    """`count` valid events for one case; returns rows and the head (seq, hash)."""
    from casedesk.cases.audit import GENESIS

    prev, at, rows = GENESIS, start, []
    for seq in range(1, count + 1):
        action, from_state, to_state = ACTIONS[seq - 1] if seq <= 4 else ACTIONS[4 + seq % 3]
        at = at + datetime.timedelta(minutes=rng.randint(1, 600), microseconds=rng.randint(1, 999_999))
        actor = rng.choice(actors)
        data = {"note": "双方到场，调解员释明法律规定", "n": seq} if seq > 1 else {"channel": "walk_in", "applicants": 1}
        body = canonical(case_id=case_id, seq=seq, action=action, from_state=from_state, to_state=to_state,
                         actor_id=actor, at=at, data=data)
        digest = chain_hash(prev, body)
        rows.append((case_id, seq, action, from_state, to_state, actor, at, _json(data), prev, digest))
        prev = digest
    return rows, (count, prev)


def _json(data):
    import json

    return json.dumps(data, ensure_ascii=False)


def add_events(conn, state, total, *, cases, special=None, skip=(), batch_events=200_000):
    """Hash chains for cases 1..cases adding up to `total` events; `special` = {case_id: count};
    the cases in `skip` already have their chain (add_chain)."""
    from casedesk.cases.audit import canonical, chain_hash

    rng = random.Random(11)
    special = special or {}
    plain = [c for c in range(1, cases + 1) if c not in special and c not in skip]
    rest = max(0, total - sum(special.values()) - len(plain))
    weights = [rng.paretovariate(1.3) for _ in plain]
    scale = rest / sum(weights) if weights else 0
    counts = {c: 1 + int(w * scale) for c, w in zip(plain, weights, strict=True)}
    short = total - sum(special.values()) - sum(counts.values())
    for c in plain[:max(0, short)]:
        counts[c] += 1
    counts.update(special)
    with conn.cursor() as cur:
        cur.execute("SELECT id, submitted_at FROM cases_case WHERE id <= %s", (cases,))
        starts = dict(cur.fetchall())
    actors = [state.supervisor_id, *state.mediator_ids, *state.volunteer_ids]
    columns = ["case_id", "seq", "action", "from_state", "to_state", "actor_id", "at", "data", "prev_hash", "hash"]
    rows, heads, written = [], [], 0

    def flush():
        with conn.cursor() as cur:
            copy_rows(cur, "cases_caseevent", columns, rows)
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS bench_heads (id bigint, seq int, head varchar(64))")
            copy_rows(cur, "bench_heads", ["id", "seq", "head"], heads)
            cur.execute("UPDATE cases_case c SET audit_seq = h.seq, audit_head = h.head FROM bench_heads h "
                        "WHERE c.id = h.id")
            cur.execute("TRUNCATE bench_heads")
        conn.commit()
        rows.clear()
        heads.clear()

    for case_id in sorted(counts):
        chain, (seq, head) = _chain(case_id, counts[case_id], starts[case_id], actors, rng, canonical, chain_hash)
        rows.extend(chain)
        heads.append((case_id, seq, head))
        written += len(chain)
        if len(rows) >= batch_events:
            flush()
    if rows:
        flush()
    with conn.cursor() as cur:
        set_sequences(cur)
    conn.commit()
    vacuum_analyze(conn)
    return written


def add_documents(conn, case_id, count, actor_id):
    """`count` stored-document rows for one case (rows only: the detail page lists, never reads files)."""
    now = datetime.datetime.now(UTC)
    kinds = ["acceptance_notice", "mediation_notice", "session_record", "agreement", "closing_report"]
    rows = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        sha = hashlib.sha256(f"{case_id}-{i}".encode()).hexdigest()
        rows.append((case_id, kind, now.year, 900_000 + case_id * 100 + i, f"B{case_id}-{i}", i // len(kinds) + 1,
                     sha, 50_000, 2, f"bench-{case_id}-{i}", f"bench/{case_id}/{i}.pdf", "", actor_id, now))
    with conn.cursor() as cur:
        copy_rows(cur, "documents_generateddocument", [
            "case_id", "kind", "year", "serial", "number", "version", "sha256", "size", "pages",
            "verification_code", "file_path", "pdf_variant", "created_by_id", "created_at"], rows)
    conn.commit()


def add_chain(conn, state, case_id, count):
    """A valid chain of `count` events for one case (before add_events, which is then told to skip it)."""
    from casedesk.cases.audit import canonical, chain_hash

    rng = random.Random(13)
    actors = [state.supervisor_id, *state.mediator_ids, *state.volunteer_ids]
    with conn.cursor() as cur:
        cur.execute("SELECT submitted_at FROM cases_case WHERE id = %s", (case_id,))
        (start,) = cur.fetchone()
        rows, (seq, head) = _chain(case_id, count, start, actors, rng, canonical, chain_hash)
        copy_rows(cur, "cases_caseevent", ["case_id", "seq", "action", "from_state", "to_state", "actor_id", "at",
                                           "data", "prev_hash", "hash"], rows)
        cur.execute("UPDATE cases_case SET audit_seq = %s, audit_head = %s WHERE id = %s", (seq, head, case_id))
        set_sequences(cur)
    conn.commit()


PROCESS_COLUMNS = ["flow_class", "status", "created", "finished", "artifact_content_type_id", "data",
                   "parent_task_id", "seed_content_type_id", "seed_object_id"]
TASK_COLUMNS = ["flow_task", "flow_task_type", "status", "created", "started", "finished", "token",
                "external_task_id", "owner_permission", "owner_id", "owner_permission_content_type_id",
                "owner_permission_obj_pk", "assigned", "artifact_content_type_id", "artifact_object_id", "data",
                "seed_content_type_id", "seed_object_id", "scheduled"]


def _process_templates(conn, first, last):
    """One real process per case status, started by the service (workflows.sync.start_flow) on a case of
    that status among ids first..last: {status: (template case id, its mediator, process row, task rows,
    task links)}. Every other case gets a copy of its status's template (add_processes)."""
    from django.db import connection as django_connection

    from workflows import sync

    with conn.cursor() as cur:
        cur.execute("SELECT DISTINCT ON (status) status, id, mediator_id FROM cases_case "
                    "WHERE id BETWEEN %s AND %s ORDER BY status, id", (first, last))
        picks = cur.fetchall()
    templates = {}
    for status, case_id, mediator_id in picks:
        process = sync.start_flow(case_id)
        with django_connection.cursor() as cur:
            cur.execute(f"SELECT {', '.join(PROCESS_COLUMNS)} FROM viewflow_process WHERE id = %s", [process.pk])
            process_row = cur.fetchone()
            cur.execute(f"SELECT id, {', '.join(TASK_COLUMNS)} FROM viewflow_task WHERE process_id = %s ORDER BY id",
                        [process.pk])
            tasks = cur.fetchall()
            cur.execute("SELECT from_task_id, to_task_id FROM viewflow_task_previous WHERE to_task_id IN "
                        "(SELECT id FROM viewflow_task WHERE process_id = %s)", [process.pk])
            links = cur.fetchall()
        templates[status] = (case_id, mediator_id, process_row, tasks, links)
    return templates


def _json_text(value):
    import json

    return value if isinstance(value, str) or value is None else json.dumps(value, ensure_ascii=False)


def add_processes(conn, state, batch=50_000):
    """A viewflow process with its tasks for every case that has none yet (COPY of the template of the
    case's status: the rows the service writes when a case reaches that status; a task that was the
    template case's mediator's is the copy's mediator's). The inbox reads these."""
    if state.process_templates is None:
        state.process_templates = _process_templates(conn, FIXED_FROM + 1, state.cases)
    templates = state.process_templates
    own = {t[0] for t in templates.values()}
    with conn.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM viewflow_process")
        (next_process,) = cur.fetchone()
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM viewflow_task")
        (next_task,) = cur.fetchone()
    first = state.processes_upto + 1
    while first <= state.cases:
        last = min(first + batch - 1, state.cases)
        with conn.cursor() as cur:
            cur.execute("SELECT id, status, mediator_id FROM cases_case WHERE id BETWEEN %s AND %s ORDER BY id",
                        (first, last))
            cases = cur.fetchall()
            cur.execute("SELECT artifact_object_id FROM viewflow_process WHERE artifact_object_id BETWEEN %s AND %s",
                        (first, last))
            started = {r[0] for r in cur.fetchall()} | own
            processes, tasks, links = [], [], []
            for case_id, status, mediator_id in cases:
                if case_id in started or status not in templates:
                    continue
                template_case, template_mediator, process_row, task_rows, link_rows = templates[status]
                next_process += 1
                row = list(process_row)
                row[5] = _json_text(row[5])
                processes.append((next_process, *row[:5], case_id, *row[5:]))
                ids = {}
                for task in task_rows:
                    next_task += 1
                    ids[task[0]] = next_task
                    values = dict(zip(TASK_COLUMNS, task[1:], strict=True))
                    if values["owner_id"] is not None and values["owner_id"] == template_mediator:
                        values["owner_id"] = mediator_id
                    if values["artifact_object_id"] == template_case:
                        values["artifact_object_id"] = case_id
                    values["data"] = _json_text(values["data"])
                    tasks.append((next_task, next_process, *values.values()))
                links.extend((ids[a], ids[b]) for a, b in link_rows)
            copy_rows(cur, "viewflow_process", ["id", *PROCESS_COLUMNS[:5], "artifact_object_id", *PROCESS_COLUMNS[5:]],
                      processes)
            copy_rows(cur, "viewflow_task", ["id", "process_id", *TASK_COLUMNS], tasks)
            copy_rows(cur, "viewflow_task_previous", ["from_task_id", "to_task_id"], links)
        conn.commit()
        first = last + 1
    state.processes_upto = state.cases
    with conn.cursor() as cur:
        for table in ("viewflow_process", "viewflow_task"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))")
    conn.commit()


ACCESS = [("view_case", 80), ("download_document", 12), ("export_cases", 3), ("export_timeline", 2),
          ("identity_lookup", 3)]


def add_access_log(conn, state, target, batch=200_000):
    """Personal-data access rows up to `target` (who saw a case unmasked, downloaded, exported): the
    access-log page reads these. Dated over the last three years, spread over the desk's users."""
    rng = random.Random(17 + state.access_rows)
    users = [state.supervisor_id, *state.mediator_ids, *state.volunteer_ids]
    if state.fixed_mediator_id:
        users.append(state.fixed_mediator_id)
    now = datetime.datetime.now(UTC)
    while state.access_rows < target:
        n = min(batch, target - state.access_rows)
        rows = []
        for _ in range(n):
            action = weighted(rng, ACCESS)
            at = now - datetime.timedelta(seconds=rng.random() * 3 * 365 * 86400)
            case_id = rng.randint(1, state.cases) if action != "export_cases" else None
            detail = '{"format": "xlsx", "count": 120}' if action == "export_cases" else "{}"
            rows.append((rng.choice(users), case_id, action, at, detail, 1, None))
        with conn.cursor() as cur:
            copy_rows(cur, "cases_personaldataaccess", ["user_id", "case_id", "action", "at", "detail", "views",
                                                         "last_at"], rows)
        conn.commit()
        state.access_rows += n
    vacuum_analyze(conn)


# The province (issue 18's scale): a province federation (the root unit), 10 city federations, under each
# 6 county federations with their own 字号 and 3 service stations (职工维权服务站, numbering with their
# county): 101 units. Counties' and stations' weights follow a Pareto tail (a few big counties); the
# root keeps 5 % of the cases (the province's own desk), each city 0.3 %.
CITY_NAMES = ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "台州", "丽水"]
COUNTIES_PER_CITY, STATIONS_PER_CITY = 6, 3
ROOT_SHARE, CITY_SHARE = 0.05, 0.003


class Province:
    """The units written by add_units: {id: (parent id, path, name)}, the weights cases are drawn by,
    and the unit volunteers (set by the caller once their users exist)."""

    def __init__(self, units, weights, seed=23):
        self.units, self.weights = units, weights
        self.ids = list(weights)
        self.cumulative = list(itertools.accumulate(weights[i] for i in self.ids))
        self.rng = random.Random(seed)
        self.volunteers = {}

    def draw(self):
        return self.rng.choices(self.ids, cum_weights=self.cumulative)[0]

    def kind(self, unit_id):
        return self.units[unit_id][3]

    def of_kind(self, kind):
        return [u for u in self.units if self.kind(u) == kind]

    def subtree_share(self, unit_id):
        """The expected share of the cases in `unit_id` and every unit below it."""
        path = self.units[unit_id][1]
        total = sum(self.weights.values())
        return sum(w for u, w in self.weights.items() if self.units[u][1].startswith(path)) / total

    def county_near(self, share):
        """The county whose subtree's share of the cases is nearest `share` (the county supervisor's)."""
        return min(self.of_kind("county"), key=lambda u: abs(self.subtree_share(u) - share))


def add_units(conn, root_id, root_path, seed=19):
    """The province's units under the root unit (COPY, paths written as Unit.save writes them)."""
    from casedesk.units import paths

    rng = random.Random(seed)
    with conn.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM units_unit")
        (last,) = cur.fetchone()
    units = {root_id: (None, root_path, "", "root")}
    rows, weights = [], {root_id: 0.0}

    def add(parent, name, prefix, kind):
        nonlocal last
        last += 1
        path = paths.child(units[parent][1], last)
        units[last] = (parent, path, name, kind)
        rows.append((last, name, "", prefix, parent, path))
        return last

    for city in CITY_NAMES:
        city_id = add(root_id, f"{city}市总工会", f"{city}市工调字", "city")
        weights[city_id] = CITY_SHARE
        counties = []
        for k in range(COUNTIES_PER_CITY):
            county = add(city_id, f"{city}第{k + 1}县总工会", f"{city}{k + 1}县工调字", "county")
            counties.append(county)
            weights[county] = rng.paretovariate(1.4)
        for k in range(STATIONS_PER_CITY):
            station = add(counties[k], f"{city}第{k + 1}县开发区职工维权服务站", "", "station")
            weights[station] = rng.paretovariate(1.4) / 3
    leaves = sum(w for u, w in weights.items() if units[u][3] in ("county", "station"))
    scale = (1 - ROOT_SHARE - CITY_SHARE * len(CITY_NAMES)) / leaves
    for u in weights:
        if units[u][3] in ("county", "station"):
            weights[u] *= scale
    weights[root_id] = ROOT_SHARE
    with conn.cursor() as cur:
        copy_rows(cur, "units_unit", ["id", "name", "seal_text", "number_prefix", "parent_id", "path"], rows)
        cur.execute("SELECT setval(pg_get_serial_sequence('units_unit', 'id'), (SELECT MAX(id) FROM units_unit))")
    conn.commit()
    return Province(units, weights)


def add_memberships(conn, placed):
    """units_membership rows: [(user id, unit id)]."""
    with conn.cursor() as cur:
        copy_rows(cur, "units_membership", ["user_id", "unit_id"], placed)
    conn.commit()

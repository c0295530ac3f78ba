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

    def __init__(self, *, supervisor_id, mediator_ids, volunteer_ids, seed=7):
        self.rng = random.Random(seed)
        self.supervisor_id, self.mediator_ids, self.volunteer_ids = supervisor_id, mediator_ids, volunteer_ids
        self.cases = self.employers = self.persons = self.applicants = self.claims = 0


def copy_rows(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def set_sequences(cursor):
    for table in ("cases_case", "cases_employer", "cases_person", "cases_applicant", "cases_caseemployer", "cases_claim",
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
            case_rows.append((
                cid, f"工调字〔{submitted.year}〕{cid:07d}号", submitted.year, cid, st, ch, cat,
                "申请人称被申请人拖欠工资，多次催要未果。" * rng.randint(1, 4), sub_day - datetime.timedelta(days=rng.randint(10, 400)),
                employer_id, rng.choice(state.volunteer_ids),
                rng.choice(state.mediator_ids) if st in WITH_MEDIATOR else None,
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
                "employer_id", "registered_by_id", "mediator_id", "submitted_at", "accepted_on", "acceptance_due",
                "mediation_due", "closed_at", "outcome", "recovered_amount", "applicant_count", "is_collective",
                "claimed_total", "employment_forms", "audit_seq", "audit_head", "updated_at"], case_rows)
            copy_rows(cur, "cases_applicant", ["id", "case_id", "person_id", "name", "phone", "phone_digest", "address",
                                               "bank_account", "employment_form", "job", "position"], applicant_rows)
            copy_rows(cur, "cases_caseemployer", ["id", "case_id", "name", "address", "legal_representative",
                                                  "legal_representative_title", "contact_name", "contact_phone"],
                      respondent_rows)
            copy_rows(cur, "cases_claim", ["id", "case_id", "kind", "amount", "description"], claim_rows)
        conn.commit()
    with conn.cursor() as cur:
        set_sequences(cur)
    conn.commit()
    vacuum_analyze(conn)
    return state.cases


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


def add_events(conn, state, total, *, cases, special=None, batch_events=200_000):
    """Hash chains for cases 1..cases adding up to `total` events; `special` = {case_id: count}."""
    from casedesk.cases.audit import canonical, chain_hash

    rng = random.Random(11)
    special = special or {}
    plain = [c for c in range(1, cases + 1) if c not in special]
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

"""The audit chain: every case's events, each hashed over the one before (DESIGN.md "Audit")."""

import datetime
import hashlib
import json
import threading
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models.expressions import RawSQL

from . import clock
from .models import Case, CaseEvent

GENESIS = "0" * 64
_STRING = json.encoder.encode_basestring  # how compact JSON without ASCII escapes writes a string


def _sorted_compact_json():
    """json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")), made once: dumps
    builds an encoder on each call and JSONEncoder.encode builds its C encoder on each call, half the
    time of encoding an event's data. The data holds no cycle (it was read from JSON)."""
    encoder = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if json.encoder.c_make_encoder is None:  # a Python without the json module's C part
        return encoder.encode
    chunks = json.encoder.c_make_encoder(None, encoder.default, _STRING, None, ":", ",", True, False, True)
    return lambda value: "".join(chunks(value, 0))


_CANONICAL_JSON = _sorted_compact_json()


def canonical(*, case_id, seq, action, from_state, to_state, actor_id, at, data):
    """The bytes an event's hash covers: sorted-key compact JSON, times in UTC.

    That is the JSON of {"case", "seq", "action", "from", "to", "actor", "at", "data"} with sorted
    keys; written out here in that order, not built as a dict and sorted, since every view of a
    timeline checks every event of its case (a third faster at 10,000 events).
    """
    actor = "null" if actor_id is None else int(actor_id)
    return (
        f'{{"action":{_STRING(action)},"actor":{actor},'
        f'"at":"{at.astimezone(datetime.timezone.utc).isoformat()}","case":{int(case_id)},'
        f'"data":{_CANONICAL_JSON(data)},"from":{_STRING(from_state or "")},"seq":{int(seq)},'
        f'"to":{_STRING(to_state or "")}}}'
    )


def chain_hash(prev_hash, canonical_json):
    return hashlib.sha256((prev_hash + canonical_json).encode("utf-8")).hexdigest()


def plain(value):
    """A cleaned value as it goes into the audit event's JSON (money always with two places)."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, datetime.date):
        return str(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "pk"):
        return value.pk
    return value


def append_event(case, *, action, actor, data=None, from_state="", to_state="", locked_head=False):
    """Append one event to `case`'s chain. The caller holds the case's row lock in a transaction.

    With `locked_head`, `case` is the instance read under that lock: the chain head is taken from
    its `audit_seq`/`audit_head` and left on it for the caller's own save of the row (the
    transition service saves the case once); otherwise the head is read from the events and the
    case row is updated here.
    """
    if locked_head:
        seq, prev_hash = case.audit_seq + 1, case.audit_head or GENESIS
    else:
        last = CaseEvent.objects.filter(case_id=case.pk).order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = clock.now()
    # Numbers that are not integers are kept as text: PostgreSQL's jsonb rewrites 1e16 and -0.0,
    # which would change the hashed bytes.
    data = json.loads(json.dumps(data or {}, ensure_ascii=False, default=str), parse_float=str, parse_constant=str)
    actor_id = actor.pk if actor is not None else None
    body = canonical(
        case_id=case.pk, seq=seq, action=action, from_state=from_state, to_state=to_state,
        actor_id=actor_id, at=at, data=data,
    )
    event = CaseEvent.objects.create(
        case_id=case.pk, seq=seq, action=action, from_state=from_state, to_state=to_state,
        actor_id=actor_id, at=at, data=data, prev_hash=prev_hash, hash=chain_hash(prev_hash, body),
    )
    if not locked_head:
        Case.objects.filter(pk=case.pk).update(audit_seq=seq, audit_head=event.hash)
    case.audit_seq, case.audit_head = seq, event.hash
    return event


@dataclass(frozen=True)
class BrokenChain:
    case_id: int
    case_number: str
    seq: int
    reason: str


FIELDS = ("case_id", "seq", "action", "from_state", "to_state", "actor_id", "at", "data", "prev_hash", "hash")


def _check_case(case_id, rows, head_seq, head_hash):
    """Walk one case's events in seq order; return (seq, reason) of the first bad one, or None."""
    if not rows:
        return 1, "no events"
    found = _check_links(case_id, rows)
    if found:
        return found
    last_seq, last_hash = (rows[-1][1], rows[-1][9]) if rows else (0, GENESIS)
    if last_seq < head_seq:
        return last_seq + 1, "missing event"
    if (last_seq, last_hash) != (head_seq, head_hash or GENESIS):
        return last_seq, "does not match the case's recorded chain head"
    return None


def _check_links(case_id, rows):
    prev_hash, expected_seq = GENESIS, 1
    for row in rows:
        (_, seq, action, from_state, to_state, actor_id, at, data, stored_prev, stored_hash) = row
        if seq != expected_seq:
            return expected_seq, "missing event" if seq > expected_seq else "repeated sequence number"
        if stored_prev != prev_hash:
            return seq, "does not follow the previous event"
        body = canonical(
            case_id=case_id, seq=seq, action=action, from_state=from_state, to_state=to_state,
            actor_id=actor_id, at=at, data=data,
        )
        if chain_hash(prev_hash, body) != stored_hash:
            return seq, "content does not match its hash"
        prev_hash, expected_seq = stored_hash, seq + 1
    return None


def chain_rows(case):
    """(rows, versions): the case's events as FIELDS tuples in seq order, and on PostgreSQL a digest of
    the row versions read, else None; verify_case takes both. Any change of a row, with the triggers or
    without, writes a new version of it: the transaction that wrote it (`xmin`) and its place (`ctid`)
    tell one version from another, a change made in the very transaction that wrote the row too."""
    events = CaseEvent.objects.filter(case_id=case.pk).order_by("seq")
    if connection.vendor != "postgresql":
        return list(events.values_list(*FIELDS)), None
    version = RawSQL("xmin::text || ctid::text", ())
    read = events.annotate(row_version=version).values_list(*FIELDS, "row_version")
    rows, versions = [], hashlib.blake2b(digest_size=16)
    for row in read:
        rows.append(row[:-1])
        versions.update(row[-1].encode() + b",")
    return rows, versions.hexdigest()


# Long chains this process has checked, by (case, chain head): the digest of the row versions checked and
# what the check found. A timeline of 10,000 events is checked again only once one of its rows or its head
# changed (bench/README.md, "A sixth pass"). Kept for the most recent LONG_CHAINS_KEPT cases.
LONG_CHAIN = 1000
LONG_CHAINS_KEPT = 64
_checked = {}
_checked_lock = threading.Lock()


def verify_case(case, rows=None, versions=None):
    """The chain status of one case: None if intact, else the first bad event.

    `rows`, the case's events as FIELDS tuples in seq order, and their `versions` (chain_rows) save reading
    them again (the timeline has them). They were read before the chain head: if an event was appended in
    between, the events are read again rather than reporting the newcomer as a break. A long chain whose
    rows and head are the very row versions this process checked before is not hashed again.
    """
    head_seq, head_hash = Case.objects.filter(pk=case.pk).values_list("audit_seq", "audit_head").get()
    if rows is None or (rows[-1][1] if rows else 0) < head_seq:
        rows, versions = chain_rows(case)
    key = (case.pk, head_seq, head_hash)
    remembered = _checked.get(key) if versions is not None else None
    if remembered is not None and remembered[0] == versions:
        found = remembered[1]
    else:
        found = _check_case(case.pk, rows, head_seq, head_hash)
        if versions is not None and len(rows) >= LONG_CHAIN:
            with _checked_lock:  # a threaded server's requests share the process
                _checked.pop(key, None)
                _checked[key] = (versions, found)
                while len(_checked) > LONG_CHAINS_KEPT:
                    del _checked[next(iter(_checked))]
    return None if found is None else BrokenChain(case.pk, case.number, *found)


def verify_all(chunk_size=5000):
    """Every broken chain, streaming cases and their events side by side in id order."""
    broken = []
    cases = Case.objects.order_by("pk").values_list("pk", "number", "audit_seq", "audit_head")
    events = CaseEvent.objects.order_by("case_id", "seq").values_list(*FIELDS).iterator(chunk_size=chunk_size)
    pending = next(events, None)
    for case_id, number, head_seq, head_hash in cases.iterator(chunk_size=chunk_size):
        while pending is not None and pending[0] < case_id:
            pending = next(events, None)  # events of a case row that no longer exists
        rows = []
        while pending is not None and pending[0] == case_id:
            rows.append(pending)
            pending = next(events, None)
        found = _check_case(case_id, rows, head_seq, head_hash)
        if found is not None:
            broken.append(BrokenChain(case_id, number, *found))
    return broken

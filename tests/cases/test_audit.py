"""The audit chain (DESIGN.md "Audit"): how each hash is made, append-only tables, tamper detection.

Runs on whichever database is configured: the triggers differ between SQLite and PostgreSQL,
the behaviour must not.
"""

import datetime
import hashlib
import io
import json
import zoneinfo

import hypothesis
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from casedesk.cases import access, audit, transitions, triggers
from casedesk.cases.models import Agreement, CaseEvent, PersonalDataAccess

from ..conftest import unchanged

pytestmark = pytest.mark.django_db

GENESIS = "0" * 64


@pytest.fixture
def case(mediating):
    """A case with three events: create, accept, assign."""
    return mediating()


def events_of(case):
    return list(CaseEvent.objects.filter(case=case).order_by("seq"))


def run_verify_audit():
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as error:
        return error, out.getvalue(), err.getvalue()
    return None, out.getvalue(), err.getvalue()


# How each hash is made


def test_first_event_follows_sixty_four_zeros(case):
    first = events_of(case)[0]
    assert (first.seq, first.action, first.from_state, first.to_state) == (1, "create", "", "submitted")
    assert first.prev_hash == GENESIS


def test_each_event_hashes_the_previous_hash_and_its_canonical_json(case, volunteer):
    first, second, third = events_of(case)
    payload = {
        "case": case.pk,
        "seq": 1,
        "action": "create",
        "from": "",
        "to": "submitted",
        "actor": volunteer.pk,
        "at": "2026-11-02T02:00:00+00:00",  # conftest.NOW, always written in UTC
        "data": first.data,
    }
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert first.hash == hashlib.sha256((GENESIS + body).encode("utf-8")).hexdigest()
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]


def test_the_hash_covers_the_event_data(case, supervisor, mediator):
    assign = events_of(case)[2]
    payload = {
        "case": case.pk, "seq": 3, "action": "assign", "from": "accepted", "to": "mediating",
        "actor": supervisor.pk, "at": "2026-11-02T02:00:00+00:00", "data": assign.data,
    }
    assert assign.data["mediator"] == mediator.pk
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert "陈调解" in body  # the mediator's name, hashed as UTF-8 and not as \u escapes
    assert assign.hash == hashlib.sha256((assign.prev_hash + body).encode("utf-8")).hexdigest()
    payload["data"] = {**assign.data, "mediator": supervisor.pk}
    forged = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert assign.hash != hashlib.sha256((assign.prev_hash + forged).encode("utf-8")).hexdigest()


def test_an_untouched_chain_verifies(case):
    assert audit.verify_case(case) is None
    assert audit.verify_all() == []


# Append-only, enforced by the database


def _refused(statement):
    """Run `statement` in a savepoint; True if the database refused it (the test transaction survives)."""
    try:
        with transaction.atomic():
            statement()
    except DatabaseError:
        return True
    return False


def _raw(sql, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run


EVENT_CHANGES = {
    "orm update": lambda e: CaseEvent.objects.filter(pk=e.pk).update(action="forged"),
    "orm delete": lambda e: CaseEvent.objects.filter(pk=e.pk).delete(),
    "instance save": lambda e: CaseEvent(**{**_fields(e), "data": {"forged": True}}).save(),
    "instance delete": lambda e: e.delete(),
    "raw update": lambda e: _raw("UPDATE cases_caseevent SET action = %s WHERE id = %s", ["forged", e.pk])(),
    "raw delete": lambda e: _raw("DELETE FROM cases_caseevent WHERE id = %s", [e.pk])(),
    "raw delete all": lambda e: _raw("DELETE FROM cases_caseevent")(),
}


def _fields(event):
    return {f.attname: getattr(event, f.attname) for f in CaseEvent._meta.concrete_fields}


@pytest.mark.parametrize("change", EVENT_CHANGES, ids=list(EVENT_CHANGES))
def test_the_database_refuses_to_change_an_event(case, change):
    event = events_of(case)[1]
    before = _fields(event)

    with unchanged(case):
        assert _refused(lambda: EVENT_CHANGES[change](event))

    assert [_fields(e) for e in events_of(case)][1] == before
    assert CaseEvent.objects.filter(case=case).count() == 3
    assert audit.verify_case(case) is None


def test_events_can_still_be_appended(case, supervisor):
    transitions.perform(case, "extend", supervisor, until="2026-11-30", reason="双方同意延长", parties_consent=True)
    assert CaseEvent.objects.filter(case=case).count() == 4
    assert audit.verify_case(case) is None


ACCESS_CHANGES = {
    "orm update": lambda a: PersonalDataAccess.objects.filter(pk=a.pk).update(action="nothing"),
    "orm delete": lambda a: PersonalDataAccess.objects.filter(pk=a.pk).delete(),
    "instance delete": lambda a: a.delete(),
    "raw update": lambda a: _raw(
        "UPDATE cases_personaldataaccess SET action = %s WHERE id = %s", ["nothing", a.pk]
    )(),
    "raw delete": lambda a: _raw("DELETE FROM cases_personaldataaccess WHERE id = %s", [a.pk])(),
}


@pytest.mark.parametrize("change", ACCESS_CHANGES, ids=list(ACCESS_CHANGES))
def test_the_database_refuses_to_change_a_personal_data_access_record(case, supervisor, change):
    access.log_personal_data_access(supervisor, case, "view_unmasked", fields=["id_number"])
    record = PersonalDataAccess.objects.get(case=case)

    assert _refused(lambda: ACCESS_CHANGES[change](record))

    reread = PersonalDataAccess.objects.get(pk=record.pk)
    assert (reread.action, reread.detail, reread.at) == ("view_unmasked", {"fields": ["id_number"]}, record.at)


# Tampering, found by verify_audit


def test_verify_audit_names_each_tampered_case_and_its_first_bad_event(case, register, supervisor, mediator):
    edited = transitions.perform(
        case, "extend", supervisor, until="2026-11-30", reason="双方同意延长", parties_consent=True
    )
    truncated = register()
    transitions.perform(truncated, "accept", mediator)
    transitions.perform(truncated, "assign", supervisor, mediator=mediator.pk)
    intact = register()
    second_of_edited = events_of(edited)[1]
    last_of_truncated = events_of(truncated)[-1]

    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE cases_caseevent SET data = %s WHERE id = %s",
                [json.dumps({"mediation_due": "2027-06-30"}), second_of_edited.pk],
            )
            cursor.execute("DELETE FROM cases_caseevent WHERE id = %s", [last_of_truncated.pk])
    finally:
        triggers.install(connection)
    assert _refused(lambda: CaseEvent.objects.filter(case=intact).delete())  # the triggers are back

    error, out, err = run_verify_audit()

    assert error is not None
    assert "audit intact" not in out
    lines = err.splitlines()
    assert any(edited.number in line and "seq 2" in line for line in lines), err
    assert any(truncated.number in line and "seq 3" in line for line in lines), err
    assert intact.number not in err
    assert {b.case_number for b in audit.verify_all()} == {edited.number, truncated.number}


def test_verify_audit_finds_an_event_whose_time_was_changed(case):
    second = events_of(case)[1]
    triggers.drop(connection)
    try:
        CaseEvent.objects.filter(pk=second.pk).update(at=second.at.replace(year=2025))
    finally:
        triggers.install(connection)

    error, _out, err = run_verify_audit()

    assert error is not None
    assert f"BROKEN case {case.number} (id {case.pk}): seq 2" in err
    assert audit.verify_case(case).seq == 2


def test_verify_audit_finds_a_case_with_no_events_left(case):
    triggers.drop(connection)
    try:
        CaseEvent.objects.filter(case=case).delete()
    finally:
        triggers.install(connection)

    error, _out, err = run_verify_audit()

    assert error is not None
    assert case.number in err and "seq 1" in err


def test_verify_audit_reports_an_intact_database_and_exits_zero(case, register):
    register()

    error, out, err = run_verify_audit()

    assert error is None
    assert out.startswith("audit intact")
    assert "4 events" in out
    assert err == ""


def test_verify_audit_on_an_empty_database_is_intact(db):
    error, out, _err = run_verify_audit()
    assert error is None and "audit intact" in out


# What event data survives the trip through the database


def test_unicode_nested_data_and_decimal_strings_survive_the_round_trip(case, supervisor):
    data = {
        "reason": "双方当事人同意延期 — 因春节假期 👷‍♀️ «ok» \"quoted\" \\ back\\slash\ttab\nnewline",
        "nested": {"claims": [{"kind": "wage", "amount": "18600.00"}, {"kind": "severance", "amount": "0.10"}],
                   "empty": {}, "none": None, "flags": [True, False]},
        "amounts": ["1.10", "1.1", "1E+2", "-0.00", "9999999999.99"],
        "big": 2**53 + 1,
        "emoji_key_🙂": "é (e + combining acute: é)",
    }
    event = audit.append_event(case, action="note", actor=supervisor, data=data)

    reread = CaseEvent.objects.get(pk=event.pk)

    assert reread.data == data
    assert audit.verify_case(case) is None


def test_a_transition_records_money_with_two_places_and_dates_as_iso_strings(case, mediator):
    # STYLE.md: money is a Decimal with two places; the event should say what the agreement row says.
    transitions.perform(
        case, "reach_agreement", mediator, terms="被申请人于2026年11月30日前支付工资一万八千六百元整。",
        amount="18500.5", performance_due="2026-11-30",
    )
    event = CaseEvent.objects.get(case=case, action="reach_agreement")
    assert str(Agreement.objects.get(case=case).amount) == "18500.50"
    assert event.data["amount"] == "18500.50"
    assert event.data["performance_due"] == "2026-11-30"
    assert event.data["terms"] == "被申请人于2026年11月30日前支付工资一万八千六百元整。"
    assert audit.verify_case(case) is None


JSON_TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=12)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**62), 2**62) | JSON_TEXT
    | st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_TEXT, inner, max_size=4),
    max_leaves=12,
)


@hypothesis.settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(JSON_TEXT, JSON_VALUES, max_size=5))
def test_any_json_event_data_without_floats_verifies_after_the_round_trip(case, supervisor, data):
    event = audit.append_event(case, action="note", actor=supervisor, data=data)

    assert CaseEvent.objects.get(pk=event.pk).data == data
    assert audit.verify_case(case) is None


@pytest.mark.parametrize("number", [1.5, 1e16, -0.0], ids=["1.5", "1e16", "minus-zero"])
def test_an_event_with_a_float_in_its_data_still_verifies(case, supervisor, number):
    # PostgreSQL's jsonb rewrites numbers (1e16 → 10000000000000000, -0.0 → 0): such numbers are kept as text.
    event = audit.append_event(case, action="note", actor=supervisor, data={"value": number})

    assert CaseEvent.objects.get(pk=event.pk).data == {"value": json.dumps(number)}
    assert audit.verify_case(case) is None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3), max_leaves=8,
)


@given(action=st.text(), from_state=st.none() | st.text(), to_state=st.none() | st.text(),
       actor_id=st.none() | st.integers(min_value=1), data=st.dictionaries(st.text(), JSON_VALUES, max_size=4))
@hypothesis.example(action="note", from_state=None, to_state="", actor_id=None,
                    data={"text": 'a "quoted" \\ back\\slash\nline\x01', "字段": "姓名（名称）", "\u2028": "\U0001f600"})
def test_the_canonical_bytes_are_sorted_key_compact_json(action, from_state, to_state, actor_id, data):
    at = datetime.datetime(2026, 11, 2, 10, 0, 0, 123, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    payload = {
        "case": 42, "seq": 3, "action": action, "from": from_state or "", "to": to_state or "",
        "actor": actor_id, "at": "2026-11-02T02:00:00.000123+00:00", "data": data,
    }
    expected = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert audit.canonical(case_id=42, seq=3, action=action, from_state=from_state, to_state=to_state,
                           actor_id=actor_id, at=at, data=data) == expected


@pytest.fixture
def checks(monkeypatch):
    """Counts the chain's checks (each hashes every event of its case); any chain is a long one."""
    monkeypatch.setattr(audit, "LONG_CHAIN", 1)
    monkeypatch.setattr(audit, "_checked", {})
    done, check = [], audit._check_case

    def counted(*args):
        done.append(args[0])
        return check(*args)

    monkeypatch.setattr(audit, "_check_case", counted)
    return done


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row versions (xmin) are PostgreSQL's")
def test_a_long_chain_is_hashed_again_only_once_a_row_of_it_changed(case, checks, supervisor):
    assert audit.verify_case(case, *audit.chain_rows(case)) is None
    assert audit.verify_case(case, *audit.chain_rows(case)) is None
    assert audit.verify_case(case) is None
    assert checks == [case.pk]  # the same row versions: checked once
    second = events_of(case)[1]
    triggers.drop(connection)
    try:  # behind the desk's back, the very same data written again: a new row version all the same
        CaseEvent.objects.filter(pk=second.pk).update(data=second.data)
    finally:
        triggers.install(connection)
    assert audit.verify_case(case) is None and checks == [case.pk] * 2
    triggers.drop(connection)
    try:
        CaseEvent.objects.filter(pk=second.pk).update(data={**second.data, "mediator": 999})
    finally:
        triggers.install(connection)
    assert audit.verify_case(case).seq == 2 and checks == [case.pk] * 3
    assert audit.verify_case(case).seq == 2 and checks == [case.pk] * 3  # the break is remembered too
    audit.append_event(case, action="note", actor=supervisor, data={"text": "又一条"})
    assert audit.verify_case(case).seq == 2 and checks == [case.pk] * 4  # a new head: checked again


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite keeps no row versions")
def test_without_row_versions_every_check_hashes_the_chain(case, checks):
    rows, versions = audit.chain_rows(case)
    assert versions is None
    assert audit.verify_case(case, rows, versions) is None and audit.verify_case(case) is None
    assert checks == [case.pk] * 2

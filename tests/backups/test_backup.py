"""Backups (issue 8): `manage.py backup FILE` and `manage.py restore FILE`.

The round trip runs on the backend under test: a desk built through the real services is
backed up, the database emptied to what `migrate` leaves (with content types, permissions
and groups under other ids, as in another database), restored, and compared table by table
through the database's own introspection (raw column values: ciphertext byte for byte) and
file by file by sha256. The cross-engine test moves a desk from a SQLite file to a throwaway
PostgreSQL database through manage.py in subprocesses.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from rest_framework.authtoken.models import Token

from casedesk.backups import rows
from casedesk.cases import access, clock, intake, roles, triggers
from casedesk.cases.models import Case, CaseEvent
from casedesk.consultations import services as consultation_services
from casedesk.consultations.models import Consultation
from casedesk.documents import rendering
from casedesk.documents.models import GeneratedDocument
from casedesk.outreach import services as outreach_services
from casedesk.outreach.models import EventKind
from casedesk.roster import services as roster_services
from tests.conftest import AGREEMENT, NOW, registration_body, restore_reference_data
from tests.consultations.conftest import WITH_CONTACT, consultation_body
from tests.outreach.conftest import event_body

pytestmark = pytest.mark.django_db(transaction=True)

# Not in a backup: sessions and login throttling mean nothing on another machine; content types,
# permissions and migrations are made by `migrate` in every database.
NOT_BACKED_UP = ("django_session", "django_migrations", "django_content_type", "auth_permission")


# --- the desk, and what it holds ---------------------------------------------------------------

@pytest.fixture
def desk(register, walk, volunteer, mediator, supervisor):
    """Two cases through the real services: one mediated to an agreement with two documents, one rejected
    with its notice."""
    agreed = register(workers=2)
    walk(agreed, ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}),
         ("reach_agreement", mediator, AGREEMENT))  # accepting issues the acceptance notice
    rendering.render_document(agreed, "agreement", mediator)
    rejected = register(summary="被申请人未依法支付加班费，申请人请求支付2026年8月加班费3200元。")
    walk(rejected, ("reject", supervisor, {"reason": "不属于受理范围"}))  # rejecting issues the rejection notice
    access.log_personal_data_access(supervisor, agreed, "view_unmasked")
    Token.objects.create(user=supervisor)
    supervisor.user_permissions.add(Permission.objects.get(codename="view_case"))
    Group.objects.get(name=roles.SUPERVISOR).permissions.add(Permission.objects.get(codename="view_generateddocument"))
    Group.objects.create(name="auditors").user_set.add(supervisor)
    # A renamed kind of event (the backup's names win), an event with its staff, and a consultation
    # taken there with its worker's name and phone (ciphertext); another that became the agreed case.
    kind = EventKind.objects.order_by("position").first()
    kind.name = "“三师”进园区"
    kind.save()
    event = outreach_services.record_event(actor=volunteer, data=event_body(kind=kind.pk, staff=[
        {"name": "陈调解", "role": "mediator", "user": mediator.pk}]))
    consultation_services.record_consultation(actor=volunteer, data=consultation_body(
        channel="at_event", event=event.pk, **WITH_CONTACT))
    converted = consultation_services.record_consultation(actor=volunteer, data=consultation_body())
    Consultation.objects.filter(pk=converted.pk).update(case=agreed, converted_at=clock.now())
    # The mediator's roster profile and its change log (append-only, like the audit chain).
    roster_services.update_profile(actor=supervisor, mediator=mediator, data={
        **{name: getattr(roster_services.profile_of(mediator), name) for name in roster_services.FIELDS},
        "specialties": ["wage_arrears"], "public_title": "律师"})
    return agreed


def table_rows():
    """Every backed-up table's raw rows, read through introspection, with ids of content types,
    permissions and groups replaced by their natural keys (those ids differ between databases)."""
    natural = {
        "django_content_type": {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()},
        "auth_permission": {p.pk: (p.content_type.app_label, p.codename) for p in Permission.objects.all()},
        "auth_group": dict(Group.objects.values_list("pk", "name")),
    }
    quote, found = connection.ops.quote_name, {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in NOT_BACKED_UP or table.startswith(("axes_", "captcha_", "sqlite_")):
                continue
            relations = connection.introspection.get_relations(cursor, table)
            pk = connection.introspection.get_primary_key_column(cursor, table)
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")
            rows = []
            for row in cursor.fetchall():
                values = dict(zip(columns, row, strict=True))
                for column, (_ref_column, ref_table) in relations.items():
                    if ref_table in natural and values[column] is not None:
                        values[column] = natural[ref_table][values[column]]
                if table in ("auth_group", "auth_group_permissions"):
                    values.pop(pk)  # known by name: a fresh database numbers them itself
                rows.append(tuple(sorted(values.items())))
            found[table] = sorted(rows, key=repr)
    return found


def media_files(root):
    root = Path(root)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


def empty_the_database():
    """What `migrate` leaves in a new database, its content types, permissions and groups under other ids."""
    triggers.drop(connection)
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.all().delete()
    ContentType.objects.create(app_label="elsewhere", model="taken")  # the next ids differ from the source's
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    elsewhere = Group.objects.create(name="elsewhere")
    for name in reversed(roles.ROLES):
        Group.objects.create(name=name)
    elsewhere.delete()
    restore_reference_data()


def rewrite(path, member, change, *, reseal):
    """Rewrite one member of the archive; with `reseal`, its manifest entry too (a consistent forgery)."""
    with zipfile.ZipFile(path) as old:
        contents = {name: old.read(name) for name in old.namelist()}
    original = contents[member]
    contents[member] = change(original)
    assert contents[member] != original, "the forgery changed nothing"
    manifest = json.loads(contents["manifest.json"])
    if reseal and member != "manifest.json":
        manifest["members"][member] = {"sha256": hashlib.sha256(contents[member]).hexdigest(),
                                       "size": len(contents[member])}
        contents["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in contents.items():
            new.writestr(name, data)


def refused(path):
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(path), stdout=io.StringIO())
    return str(refusal.value)


@pytest.fixture
def archive(tmp_path, register):
    register()
    path = tmp_path / "desk.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def assert_nothing_restored(media_root):
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    assert User.objects.count() == 0
    assert not [p for p in Path(media_root).rglob("*") if p.is_file()]


# --- round trip --------------------------------------------------------------------------------

def test_a_restored_desk_holds_every_row_and_file_of_the_backup(desk, tmp_path, settings):
    before, files_before = table_rows(), media_files(settings.MEDIA_ROOT)
    case_type, supervisors = ContentType.objects.get_for_model(Case).pk, Group.objects.get(name=roles.SUPERVISOR).pk
    assert len(before["cases_case"]) == 2 and len(before["viewflow_process"]) >= 1
    assert len(files_before) == GeneratedDocument.objects.count() == 3
    assert len(before["roster_mediatorprofile"]) == 1 and len(before["roster_rosterchange"]) == 2
    path = tmp_path / "desk.zip"
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    assert "2 cases" in out.getvalue()
    assert oct(path.stat().st_mode & 0o777) == "0o600"

    empty_the_database()
    # Other ids than the source's, so that the remapping is under test.
    assert ContentType.objects.get_for_model(Case).pk != case_type
    assert Group.objects.get(name=roles.SUPERVISOR).pk != supervisors
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)

    assert table_rows() == before
    assert media_files(settings.MEDIA_ROOT) == files_before
    assert "audit intact" in out.getvalue()
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert f"audit intact: {CaseEvent.objects.count()} events" in out.getvalue()


def test_the_backup_keeps_personal_data_as_stored_ciphertext(desk, tmp_path):
    path = tmp_path / "desk.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    with zipfile.ZipFile(path) as backup:
        manifest = json.loads(backup.read("manifest.json"))
        people = backup.read("tables/cases_person.jsonl").decode()
        rows = backup.read("tables/cases_applicant.jsonl").decode()
    applicant = desk.applicants.first()
    assert applicant.person.id_number not in people and applicant.phone not in rows
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM cases_person WHERE id = %s", [applicant.person_id])
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT phone FROM cases_applicant WHERE id = %s", [applicant.pk])
        (stored_phone,) = cursor.fetchone()
    assert stored.startswith("gAAAAA") and json.dumps(stored) in people
    assert stored_phone.startswith("gAAAAA") and json.dumps(stored_phone) in rows
    assert manifest["field_key_fingerprint"]
    person_table = next(t for t in manifest["tables"] if t["table"] == "cases_person")
    assert "id_number" in person_table["ciphertext"]
    applicant_table = next(t for t in manifest["tables"] if t["table"] == "cases_applicant")
    assert {"phone", "bank_account"} <= set(applicant_table["ciphertext"])


def test_restored_sequences_continue_after_the_restored_ids(desk, tmp_path, settings, register):
    path = tmp_path / "desk.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    highest = Case.objects.order_by("-pk").values_list("pk", flat=True).first()
    empty_the_database()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", str(path), stdout=io.StringIO())
    volunteer = User.objects.get(username="volunteer1")
    assert register(actor=volunteer).pk > highest


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a second connection to the same database")
def test_a_backup_is_one_snapshot_while_the_desk_goes_on(register, volunteer, tmp_path, monkeypatch):
    register()
    cases, events = Case.objects.count(), CaseEvent.objects.count()
    registered, read_rows = [], rows.read_rows

    def register_elsewhere():
        try:
            with clock.frozen(NOW):
                registered.append(intake.register_case(actor=volunteer, data=registration_body(workers=2)).case)
        finally:
            connection.close()

    def read_rows_while_a_case_is_registered(table, conn):
        if table.name == "cases_caseevent":  # after cases_case: a torn read would hold events without a case
            thread = threading.Thread(target=register_elsewhere)
            thread.start()
            thread.join(60)
        yield from read_rows(table, conn)

    monkeypatch.setattr(rows, "read_rows", read_rows_while_a_case_is_registered)
    path = tmp_path / "desk.zip"
    call_command("backup", str(path), stdout=io.StringIO())

    assert registered and Case.objects.count() == cases + 1
    with zipfile.ZipFile(path) as backup:
        held = {t["table"]: t["rows"] for t in json.loads(backup.read("manifest.json"))["tables"]}
    assert (held["cases_case"], held["cases_caseevent"]) == (cases, events)


# --- refusals ----------------------------------------------------------------------------------

def test_a_database_that_holds_a_case_is_refused_and_left_as_it_was(archive):
    before = table_rows()
    assert "already holds 1 case(s)" in refused(archive)
    assert table_rows() == before


def test_a_database_with_users_but_no_cases_is_refused(archive):
    empty_the_database()
    User.objects.create_user("admin", password="x" * 12)
    assert "auth_user holds 1 row(s)" in refused(archive)
    assert User.objects.count() == 1 and Case.objects.count() == 0


def test_a_corrupted_member_is_refused_before_anything_is_written(archive, settings):
    rewrite(archive, "tables/cases_case.jsonl", lambda data: data.replace("拖欠".encode(), "结清".encode()),
            reseal=False)
    empty_the_database()
    assert "does not match its sha256" in refused(archive)
    assert_nothing_restored(settings.MEDIA_ROOT)


def test_a_row_count_that_differs_from_the_manifest_is_refused(archive, settings):
    def one_row_more(data):
        manifest = json.loads(data)
        next(t for t in manifest["tables"] if t["table"] == "cases_case")["rows"] += 1
        return json.dumps(manifest).encode()

    rewrite(archive, "manifest.json", one_row_more, reseal=False)
    empty_the_database()
    assert "the manifest says 2" in refused(archive)
    assert_nothing_restored(settings.MEDIA_ROOT)


def test_a_forged_event_fails_the_audit_check_and_the_restore_leaves_nothing(desk, tmp_path, settings):
    path = tmp_path / "desk.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    rewrite(path, "tables/cases_caseevent.jsonl", lambda data: data.replace(b"18600.00", b"1860.00"), reseal=True)
    empty_the_database()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    assert "audit chain(s) of the backup are broken" in refused(path)
    assert_nothing_restored(settings.MEDIA_ROOT)  # the files it had copied are gone again
    assert Group.objects.filter(name="auditors").count() == 0


def test_a_backup_made_under_another_field_key_is_refused(archive, settings):
    empty_the_database()
    settings.CASEDESK_FIELD_KEY = Fernet.generate_key().decode()
    assert "another field key" in refused(archive)
    assert_nothing_restored(settings.MEDIA_ROOT)


def test_a_database_at_other_migrations_is_refused(archive, settings):
    def later_cases_app(data):
        manifest = json.loads(data)
        manifest["migrations"]["cases"] = "9999_from_the_future"
        return json.dumps(manifest).encode()

    rewrite(archive, "manifest.json", later_cases_app, reseal=False)
    empty_the_database()
    assert "cases: backup 9999_from_the_future" in refused(archive)
    assert_nothing_restored(settings.MEDIA_ROOT)


def test_a_backup_never_overwrites_a_file_unasked(archive):
    size = archive.stat().st_size
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.stat().st_size == size


# --- SQLite file → PostgreSQL, through manage.py -----------------------------------------------

POSTGRES = "postgresql://postgres@127.0.0.1:5432/"

SOURCE_DESK = """
from django.contrib.auth.models import Group, User
from casedesk.cases import intake, transitions
from tests.conftest import registration_body
from tests.conftest import AGREEMENT

def user(name, role):
    account = User.objects.create_user(name, password="correct-horse-battery", first_name=name)
    account.groups.add(Group.objects.get(name=role))
    return account

volunteer, mediator, supervisor = user("v1", "volunteer"), user("m1", "mediator"), user("s1", "supervisor")
cases = [intake.register_case(actor=volunteer, data=registration_body(workers=n + 1)).case for n in range(3)]
transitions.perform(cases[0], "accept", mediator)
transitions.perform(cases[0], "assign", supervisor, mediator=mediator.pk)
transitions.perform(cases[0], "reach_agreement", mediator, **AGREEMENT)
transitions.perform(cases[1], "reject", supervisor, reason="不属于受理范围")
"""

DESK_FACTS = """
import json
from django.apps import apps
from rest_framework.test import APIClient
from django.contrib.auth.models import User
from casedesk.cases.models import Case
counts = {m._meta.db_table: m._base_manager.count() for m in apps.get_models(include_auto_created=True)
          if m._meta.app_label in ("cases", "documents", "viewflow", "auth", "authtoken", "reports")}
client = APIClient()
client.force_authenticate(User.objects.get(username="s1"))
detail = client.get(f"/api/cases/{Case.objects.order_by('pk').first().pk}/").json()
print(json.dumps({"counts": counts, "detail": detail}, sort_keys=True))
"""


def postgres_or_skip():
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(POSTGRES + "postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL does not answer at 127.0.0.1:5432 ({exc})")


def manage(*args, database, media, var, wait=True):
    """Run manage.py on the given database; its output, or with wait=False a function that waits for it."""
    env = {**os.environ, "DATABASE_URL": database, "CASEDESK_MEDIA_ROOT": str(media), "CASEDESK_VAR_DIR": str(var)}
    env.pop("CASEDESK_TEST_DB_NAME", None)
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=django_settings.BASE_DIR, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )

    def finish():
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, f"manage.py {' '.join(args)} failed:\n{stdout}\n{stderr}"
        return stdout

    return finish() if wait else finish


def desk_facts(**side):
    return json.loads(manage("shell", "--no-imports", "-c", DESK_FACTS, **side).strip().splitlines()[-1])


@pytest.mark.django_db(transaction=False)
def test_a_sqlite_desk_moves_to_postgresql_without_losing_a_case(tmp_path):
    admin = postgres_or_skip()
    name = f"casedesk_backup_{os.getpid()}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        sqlite = dict(database=f"sqlite:///{tmp_path / 'desk.sqlite3'}", media=tmp_path / "sqlite-media",
                      var=tmp_path)
        postgres = dict(database=POSTGRES + name, media=tmp_path / "postgres-media", var=tmp_path)
        migrating = [manage("migrate", "-v0", wait=False, **side) for side in (sqlite, postgres)]
        for finish in migrating:
            finish()
        manage("shell", "--no-imports", "-c", SOURCE_DESK, **sqlite)
        manage("backup", str(tmp_path / "desk.zip"), **sqlite)
        source = desk_facts(**sqlite)  # after the backup: reading the detail writes to the access log

        restored = manage("restore", str(tmp_path / "desk.zip"), **postgres)

        assert "restored" in restored and "3 cases" in restored
        target = desk_facts(**postgres)
        assert target["counts"] == source["counts"] and source["counts"]["cases_case"] == 3
        assert target["detail"] == source["detail"] and source["detail"]["applicants"]
        assert media_files(postgres["media"]) == media_files(sqlite["media"]) != {}
        assert "audit intact" in manage("verify_audit", **postgres)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

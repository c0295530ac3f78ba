"""Restore a backup into a freshly migrated database that holds no cases, or refuse and change nothing.

Everything is checked before anything is written: the archive's sha256s and row counts, the
field key, the migrations, the target's emptiness. Then one transaction inserts every table,
copies the files, checks them against the document rows and walks the audit chains; any
failure rolls the database back and removes the files written.
"""

import hashlib
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction

from casedesk.cases import audit
from casedesk.cases.models import Case, CaseEvent
from casedesk.documents.models import GeneratedDocument

from . import references, rows, state
from .archive import CHUNK, ArchiveReader, BackupError, file_member
from .tables import BY_NAME, LOOKUP, MERGE, REPLACE, ROWS, all_tables

UNCHANGED = "nothing was changed"


@dataclass
class RestoreSummary:
    rows: dict
    files: int
    events: int


def restore(path):
    with ArchiveReader(path) as archive:
        manifest = archive.manifest
        _check_field_key(manifest)
        _check_migrations(manifest)
        plan = _plan(manifest)
        _check_fresh(plan)
        archive.verify()
        written = []
        try:
            with transaction.atomic():
                _check_fresh(plan)  # again, now inside the transaction that writes
                counts = _load_tables(archive, plan)
                _reset_sequences(plan)
                restored = _restore_files(archive, manifest["files"], written)
                _check_documents(restored)
                _check_audit()
        except BaseException:
            _remove(written)
            raise
    return RestoreSummary(rows=counts, files=len(restored), events=CaseEvent.objects.count())


def _check_field_key(manifest):
    recorded, current = manifest.get("field_key_fingerprint"), state.field_key_fingerprint()
    if recorded != current:
        raise BackupError(
            f"this backup was made with another field key (CASEDESK_FIELD_KEY fingerprint {recorded}, "
            f"here {current}): its encrypted personal data could not be read here. Set the key the backup "
            f"was made with and restore again; {UNCHANGED}."
        )


def _check_migrations(manifest):
    differences = state.migration_differences(manifest["migrations"], state.migrations(connection))
    if differences:
        raise BackupError(
            "this database's migrations differ from the backup's: "
            + "; ".join(differences)
            + f". Restore with the casedesk version that made the backup, migrated to match; {UNCHANGED}."
        )


def _plan(manifest):
    """[(Table, its manifest entry)] in dependency order; refuses an archive whose tables differ from ours."""
    entries = {entry["table"]: entry for entry in manifest["tables"]}
    tables = all_tables()
    ours = {table.name for table in tables}
    if ours != set(entries):
        raise BackupError(
            f"the backup's tables differ from this database's (only in the backup: {sorted(set(entries) - ours)}, "
            f"only here: {sorted(ours - set(entries))}); {UNCHANGED}."
        )
    for table in tables:
        entry = entries[table.name]
        if set(entry["columns"]) != set(table.columns) or entry["ciphertext"] != table.ciphertext_columns:
            raise BackupError(f"the columns of {table.name} differ from the backup's; {UNCHANGED}.")
    return [(table, entries[table.name]) for table in tables]


def _check_fresh(plan):
    cases = Case.objects.count()
    if cases:
        raise BackupError(
            f"this database already holds {cases} case(s): restore only into a freshly migrated database "
            f"that holds no cases; {UNCHANGED}."
        )
    for table, _entry in plan:
        if table.mode == ROWS and table.model._base_manager.exists():
            held = table.model._base_manager.count()
            raise BackupError(
                f"this database is not freshly migrated: {table.name} holds {held} row(s). Restore into a "
                f"new database after `manage.py migrate`; {UNCHANGED}."
            )


def _load_tables(archive, plan):
    maps, counts = {}, {}
    for table, entry in plan:
        columns, records = entry["columns"], archive.rows(entry["member"])
        if table.mode in (LOOKUP, BY_NAME):
            maps[table.label] = references.MAPPERS[table.label]([dict(zip(columns, r, strict=True)) for r in records], maps)
            counts[table.name] = len(maps[table.label])
            continue
        remap = references.remapper(table, columns, maps)
        if table.mode == REPLACE:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table.name)}")
        if table.mode == MERGE:
            counts[table.name] = _merge(table, columns, map(remap, records))
        else:
            counts[table.name] = _insert(table, columns, map(remap, records))
            if counts[table.name] != entry["rows"]:
                raise BackupError(f"{table.name}: {counts[table.name]} rows restored of {entry['rows']}")
    return counts


def _insert(table, columns, records):
    decode = rows.row_decoder(table, connection, columns)
    sql, count, batch = rows.insert_sql(table, connection, columns), 0, []
    with connection.cursor() as cursor:
        for record in records:
            batch.append(decode(record))
            if len(batch) == rows.BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _merge(table, columns, records):
    """Link rows (a group's permissions) the target lacks, with the target's own ids."""
    pk = table.model._meta.pk.column
    keep = [column for column in columns if column != pk]
    attnames = {field.column: field.attname for field in table.fields}
    existing = set(table.model._base_manager.values_list(*[attnames[column] for column in keep]))
    fresh = []
    for record in records:
        values = [value for column, value in zip(columns, record, strict=True) if column != pk]
        if tuple(values) not in existing:
            existing.add(tuple(values))
            fresh.append(values)
    return _insert(table, keep, fresh)


def _reset_sequences(plan):
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [table.model for table, _ in plan]):
            cursor.execute(sql)


def _restore_files(archive, files, written):
    """Copy every file into MEDIA_ROOT; returns {path: sha256}. Appends each file it creates to `written`."""
    root = os.path.realpath(settings.MEDIA_ROOT)
    restored = {}
    for entry in files:
        target = os.path.realpath(os.path.join(root, entry["path"]))
        if os.path.commonpath([root, target]) != root or entry["member"] != file_member(entry["path"]):
            raise BackupError(f"refusing a file path outside MEDIA_ROOT: {entry['path']!r}")
        if os.path.exists(target):
            found = _sha256_of(target)
            if found != entry["sha256"]:
                raise BackupError(f"a different file is already at {target}; {UNCHANGED}.")
        else:
            found = _copy_member(archive, entry["member"], target, written)
        if found != entry["sha256"]:
            raise BackupError(f"the restored file {entry['path']} does not match its sha256 in the manifest")
        restored[entry["path"]] = found
    return restored


def _copy_member(archive, member, target, written):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    digest = hashlib.sha256()
    with archive.open_member(member) as source, open(target, "xb") as out:
        written.append(target)
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(target, 0o444)  # as documents.storage leaves them: written once, never changed
    return digest.hexdigest()


def _sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_documents(restored):
    documents = GeneratedDocument.objects.values_list("file_path", "sha256", "number", "version")
    for path, sha256, number, version in documents.iterator(chunk_size=rows.BATCH):
        if restored.get(path) != sha256:
            raise BackupError(
                f"the backup's file of document {number} v{version} ({path}) is missing or does not match "
                f"the document's sha256; {UNCHANGED}."
            )


def _check_audit():
    broken = audit.verify_all()
    if broken:
        first = "; ".join(f"case {b.case_number} seq {b.seq}: {b.reason}" for b in broken[:5])
        raise BackupError(f"{len(broken)} audit chain(s) of the backup are broken ({first}); {UNCHANGED}.")


def _remove(paths):
    for path in reversed(paths):
        try:
            os.chmod(path, 0o644)
            os.unlink(path)
        except FileNotFoundError:
            pass

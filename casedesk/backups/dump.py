"""Write a backup: every table and every document file, all read in one snapshot of the database.

Documents are immutable (a new version is a new row), so the files the snapshot's rows name
are exactly the files of that moment.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.db import connection, transaction
from django.db.models import FileField

from casedesk.cases import clock
from casedesk.documents import storage
from casedesk.documents.models import GeneratedDocument

from . import rows, state
from .archive import FORMAT, VERSION, ArchiveWriter, BackupError, file_member
from .tables import all_tables


@dataclass
class BackupSummary:
    path: Path
    rows: dict
    files: int
    size: int = 0
    warnings: list = field(default_factory=list)


@contextmanager
def snapshot():
    """One consistent view of the whole database for as long as the block runs; nothing written."""
    if connection.in_atomic_block:
        yield  # already inside a transaction, whose view is the snapshot
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # A deferred read transaction: in WAL mode writers go on, this connection keeps its view.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")


def write_backup(path, *, replace=False):
    """Write the whole desk to the zip at `path`; returns a BackupSummary."""
    path = Path(path)
    if path.exists() and not replace:
        raise BackupError(f"{path} already exists: give a new file name (or --replace to overwrite it)")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory")
    tables = all_tables()
    summary = BackupSummary(path=path, rows={}, files=0)
    with snapshot(), ArchiveWriter(path) as archive:
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": clock.now().isoformat(),
            "source": {"database": connection.vendor, "django": django.get_version()},
            "migrations": state.migrations(connection),
            "field_key_fingerprint": state.field_key_fingerprint(),
            "tables": [],
        }
        for table in tables:
            count = archive.write_lines(table.member, rows.read_rows(table, connection))
            summary.rows[table.name] = count
            manifest["tables"].append({
                "table": table.name, "model": table.label, "member": table.member, "rows": count,
                "columns": table.columns, "ciphertext": table.ciphertext_columns,
            })
        manifest["files"] = _copy_files(archive, tables, summary)
        summary.files = len(manifest["files"])
        archive.write_manifest(manifest)
    summary.size = path.stat().st_size
    return summary


def _copy_files(archive, tables, summary):
    copied = []
    documents = GeneratedDocument.objects.order_by("pk").values_list("file_path", "sha256", "number", "version")
    for path, sha256, number, version in documents.iterator(chunk_size=rows.BATCH):
        try:
            with storage.open_stored(path) as source:
                found = archive.copy_file(file_member(path), source)
        except storage.StoredFileMissing:
            raise BackupError(f"the file of document {number} v{version} is missing: {path}") from None
        if found != sha256:
            raise BackupError(f"the file of document {number} v{version} does not match its recorded sha256: {path}")
        copied.append({"path": path, "member": file_member(path), "sha256": sha256})
    for path in dict.fromkeys(_other_files(tables)):
        try:
            with storage.open_stored(path) as source:
                found = archive.copy_file(file_member(path), source)
        except storage.StoredFileMissing:
            summary.warnings.append(f"file missing, not backed up: {path}")
            continue
        copied.append({"path": path, "member": file_member(path), "sha256": found})
    return copied


def _other_files(tables):
    """Paths in the tables' FileFields (report jobs' results): kept when they are there."""
    for table in tables:
        for model_field in table.fields:
            if isinstance(model_field, FileField):
                values = table.model._base_manager.exclude(**{model_field.attname: ""}).exclude(
                    **{f"{model_field.attname}__isnull": True}
                )
                yield from values.order_by("pk").values_list(model_field.attname, flat=True).iterator()

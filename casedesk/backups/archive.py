"""The backup file: a zip of JSON Lines tables and document files, and manifest.json naming each member's sha256.

    manifest.json                  format, migrations, field-key fingerprint, tables (columns,
                                   row counts), members (sha256, size), files (path, member)
    tables/<db table>.jsonl        one JSON list per row, in the manifest's column order
    files/<path under MEDIA_ROOT>  the documents' PDFs (and report jobs' results)

A backup is written to FILE.partial and renamed when complete, so FILE is whole or absent.
"""

import hashlib
import json
import os
import zipfile
from pathlib import Path, PurePosixPath

FORMAT = "casedesk-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be written, or an archive or database that a restore refuses."""


class _HashingWriter:
    """Writes to a member, hashing as it goes; lines are buffered (compressing line by line is slow)."""

    def __init__(self, handle):
        self.handle, self.digest, self.size, self.lines, self.pending = handle, hashlib.sha256(), 0, 0, []

    def write(self, data):
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)

    def write_line(self, obj):
        self.pending.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
        self.lines += 1
        if len(self.pending) == 1000:
            self.flush()

    def flush(self):
        if self.pending:
            self.write(("\n".join(self.pending) + "\n").encode("utf-8"))
            self.pending = []


class ArchiveWriter:
    def __init__(self, path):
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.members = {}

    def __enter__(self):
        # Owner-only: the archive holds every case and the documents' personal data.
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self.zip = zipfile.ZipFile(os.fdopen(fd, "wb"), "w", allowZip64=True)
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            self.zip.close()
        finally:
            if exc_type is None:
                os.replace(self.partial, self.path)
            else:
                self.partial.unlink(missing_ok=True)
        return False

    def _open(self, name, compress):
        info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o600 << 16
        return self.zip.open(info, "w", force_zip64=True)

    def write_lines(self, name, rows):
        """Write `rows` as JSON Lines to member `name`; returns the number of lines."""
        with self._open(name, compress=True) as handle:
            out = _HashingWriter(handle)
            for row in rows:
                out.write_line(row)
            out.flush()
        self._record(name, out)
        return out.lines

    def copy_file(self, name, source):
        """Copy the open binary file `source` into member `name`; returns its sha256."""
        with self._open(name, compress=False) as handle:
            out = _HashingWriter(handle)
            while chunk := source.read(CHUNK):
                out.write(chunk)
        self._record(name, out)
        return out.digest.hexdigest()

    def _record(self, name, out):
        self.members[name] = {"sha256": out.digest.hexdigest(), "size": out.size}

    def write_manifest(self, manifest):
        data = json.dumps({**manifest, "members": self.members}, ensure_ascii=False, indent=1).encode("utf-8")
        with self._open(MANIFEST, compress=True) as handle:
            handle.write(data)


class ArchiveReader:
    def __init__(self, path):
        try:
            self.zip = zipfile.ZipFile(path)
            self.manifest = json.loads(self.zip.read(MANIFEST))
        except FileNotFoundError:
            raise BackupError(f"{path}: no such file") from None
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise BackupError(f"{path} is not a casedesk backup (no readable {MANIFEST}: {exc})") from None
        if self.manifest.get("format") != FORMAT or self.manifest.get("version") != VERSION:
            raise BackupError(
                f"{path} is not a casedesk backup of format version {VERSION} "
                f"(it says {self.manifest.get('format')!r} version {self.manifest.get('version')!r})"
            )
        if not _complete(self.manifest):
            raise BackupError(f"{path}: its {MANIFEST} is incomplete or malformed: the archive is damaged")

    def close(self):
        self.zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def verify(self):
        """Check every member against the manifest (sha256, size, table row counts) before anything is written."""
        listed = self.manifest["members"]
        present = {name for name in self.zip.namelist() if name != MANIFEST}
        if present != set(listed):
            extra, missing = sorted(present - set(listed)), sorted(set(listed) - present)
            raise BackupError(f"the archive's members do not match its manifest (extra: {extra}, missing: {missing})")
        lines = {}
        for name, expected in listed.items():
            digest, size, count = hashlib.sha256(), 0, 0
            try:
                with self.zip.open(name) as handle:
                    while chunk := handle.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        count += chunk.count(b"\n")
            except (zipfile.BadZipFile, OSError) as exc:  # a bad CRC or a damaged compressed stream
                raise BackupError(f"member {name} is damaged: {exc}") from None
            if digest.hexdigest() != expected["sha256"] or size != expected["size"]:
                raise BackupError(f"member {name} does not match its sha256 in the manifest: the archive is corrupt")
            lines[name] = count
        for entry in self.manifest["files"]:
            if listed.get(entry["member"], {}).get("sha256") != entry["sha256"]:
                raise BackupError(f"the file {entry['path']} is missing from the archive or differs from its sha256")
        for table in self.manifest["tables"]:
            if lines.get(table["member"]) != table["rows"]:
                raise BackupError(
                    f"{table['member']} holds {lines.get(table['member'])} rows, the manifest says {table['rows']}"
                )

    def rows(self, member):
        with self.zip.open(member) as handle:
            for line in handle:
                yield json.loads(line)

    def open_member(self, member):
        return self.zip.open(member)


def _complete(manifest):
    shapes = {"migrations": dict, "tables": list, "files": list, "members": dict}
    if "field_key_fingerprint" not in manifest or not all(isinstance(manifest.get(k), t) for k, t in shapes.items()):
        return False
    tables_ok = all(
        isinstance(t, dict) and isinstance(t.get("rows"), int) and isinstance(t.get("columns"), list)
        and isinstance(t.get("ciphertext"), list) and isinstance(t.get("table"), str) and isinstance(t.get("member"), str)
        for t in manifest["tables"]
    )
    files_ok = all(isinstance(f, dict) and {"path", "member", "sha256"} <= set(f) for f in manifest["files"])
    members_ok = all(isinstance(m, dict) and {"sha256", "size"} <= set(m) for m in manifest["members"].values())
    return tables_ok and files_ok and members_ok


def file_member(path):
    """The member holding the file at `path` (relative to MEDIA_ROOT); refuses paths that leave it."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise BackupError(f"refusing a file path outside MEDIA_ROOT: {path!r}")
    return f"files/{pure}"

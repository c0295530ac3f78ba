"""Document files under MEDIA_ROOT/documents/<year>/: written once, never overwritten."""

import hashlib
import os
from pathlib import Path

from django.conf import settings

ROOT = "documents"
CHUNK = 1024 * 1024


class StoredFileMissing(Exception):
    pass


def relative_path(*, kind, year, serial, version, sha256):
    # No names or ID numbers in paths: they end up in logs and backups' listings.
    return f"{ROOT}/{year}/{kind}/{serial:05d}-v{version}-{sha256[:12]}.pdf"


def absolute(path):
    return Path(settings.MEDIA_ROOT) / path


def write_once(path, data):
    """Write `data` to a new file at `path`; refuses (FileExistsError) if anything is there."""
    target = absolute(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    target.chmod(0o444)


def remove_unrecorded(path):
    """Undo write_once when the transaction that would have recorded the file fails."""
    target = absolute(path)
    if target.exists():
        target.chmod(0o644)
        target.unlink()


def open_stored(path):
    try:
        return open(absolute(path), "rb")
    except FileNotFoundError:
        raise StoredFileMissing(path) from None


def sha256_of_file(path):
    digest = hashlib.sha256()
    with open_stored(path) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()

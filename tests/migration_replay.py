"""Replaying a migration on a database the desk as it was before made: that older desk's code from
git, and manage.py run in it or in today's code (tests/cases/test_parties_migration.py,
tests/units/test_migration.py)."""

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def git(*args, cwd=settings.BASE_DIR):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True).stdout


def code_before(migration, tmp_path_factory, what, *, landed=False):
    """The desk's code as it was before the commit that added `migration` (a path or glob), unpacked
    in a directory of its own; skipped without a git checkout (`what` names the old desk in the reason).

    `landed`: before the commit of main's own line that brought it (the merge of its branch), for a
    migration whose branch had other migrations renumbered when it was merged: inside the branch
    they still carry their old names, which today's code would take for new ones."""
    if shutil.which("git") is None or not (Path(settings.BASE_DIR) / ".git").exists():
        pytest.skip(f"needs a git checkout to build the desk as it was before {what}")
    line = ("--first-parent", "-m") if landed else ()
    added = git("log", *line, "--diff-filter=A", "--format=%H", "--", migration).decode().split()
    if not added:
        pytest.skip(f"{what} is not committed yet")
    target = tmp_path_factory.mktemp("before")
    archive = target / "code.tar"
    archive.write_bytes(git("archive", "--format=tar", f"{added[-1]}^"))
    with tarfile.open(archive) as tar:
        tar.extractall(target / "code", filter="data")
    return target / "code"


def manage(code, env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=code, env=env, capture_output=True, text=True,
                            timeout=1200)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def migrate_to(targets):
    """The test database migrated to `targets` ([(app, migration)]) in today's code; the models as they
    stand there (apps.get_model). Take it back with migrate_to(latest_migrations()) at the end."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets[0]).apps


def latest_migrations():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()

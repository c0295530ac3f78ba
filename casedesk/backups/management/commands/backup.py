import time

from django.core.management.base import BaseCommand, CommandError

from casedesk.backups.archive import BackupError
from casedesk.backups.dump import write_backup
from casedesk.cases.models import Case, CaseEvent


class Command(BaseCommand):
    help = (
        "Write the whole desk to the zip FILE: every table and every document's file, read in one "
        "snapshot, with a manifest of sha256s. Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file to write (a zip; refused if it exists)")
        parser.add_argument("--replace", action="store_true", help="overwrite FILE if it exists")

    def handle(self, *args, file, replace, **options):
        started = time.monotonic()
        try:
            summary = write_backup(file, replace=replace)
        except BackupError as exc:
            raise CommandError(f"no backup written: {exc}") from None
        for warning in summary.warnings:
            self.stderr.write(f"WARNING {warning}")
        rows = summary.rows
        self.stdout.write(
            f"backup written: {summary.path} ({summary.size} bytes, {time.monotonic() - started:.1f} s): "
            f"{rows[Case._meta.db_table]} cases, {rows[CaseEvent._meta.db_table]} events, {summary.files} files, "
            f"{sum(rows.values())} rows in {len(rows)} tables"
        )

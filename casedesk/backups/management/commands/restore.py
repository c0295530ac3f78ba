import time

from django.core.management.base import BaseCommand, CommandError

from casedesk.backups.archive import BackupError
from casedesk.backups.load import restore
from casedesk.cases.models import Case


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into a freshly migrated database that holds no "
        "cases. Checks every sha256 first, refuses any other database, and walks the audit chains at "
        "the end; on any failure nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file (a zip written by manage.py backup)")

    def handle(self, *args, file, **options):
        started = time.monotonic()
        try:
            summary = restore(file)
        except BackupError as exc:
            raise CommandError(f"not restored: {exc}") from None
        self.stdout.write(
            f"restored {file} ({time.monotonic() - started:.1f} s): {summary.rows[Case._meta.db_table]} cases, "
            f"{sum(summary.rows.values())} rows in {len(summary.rows)} tables, {summary.files} files"
        )
        self.stdout.write(f"audit intact: {summary.events} events")

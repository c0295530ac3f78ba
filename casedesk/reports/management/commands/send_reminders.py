"""Record and send the deadline reminders that are due (cron, e.g. daily at 08:00)."""

from django.core.management.base import BaseCommand
from django.utils import translation

from casedesk.reports import reminders


class Command(BaseCommand):
    help = "Record deadline reminders (in-app) for overdue and at-risk work, and e-mail them when mail is set up."

    def handle(self, *args, **options):
        with translation.override(reminders.LANGUAGE):
            result = reminders.run()
        self.stdout.write(
            f"reminders recorded: {result.recorded}, e-mails sent: {result.emailed}, e-mails failed: {result.failed}, "
            f"messages to workers: {result.told}, messages handed over again: {result.handed_over}"
        )

from django.core.management.base import BaseCommand, CommandError

from casedesk.cases import audit
from casedesk.cases.models import CaseEvent


class Command(BaseCommand):
    help = "Walk every case's audit chain; exit non-zero naming each broken case and its first bad event."

    def handle(self, *args, **options):
        broken = audit.verify_all()
        for chain in broken:
            self.stderr.write(f"BROKEN case {chain.case_number} (id {chain.case_id}): seq {chain.seq}: {chain.reason}")
        if broken:
            raise CommandError(f"{len(broken)} broken audit chain(s)")
        self.stdout.write(f"audit intact: {CaseEvent.objects.count()} events")

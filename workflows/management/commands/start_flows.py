from django.core.management.base import BaseCommand

from casedesk.cases.models import Case
from workflows import sync
from workflows.flows import MediationFlow
from workflows.models import CaseProcess


class Command(BaseCommand):
    help = (
        "Start the mediation flow of every case that has none, at the step the case has reached, "
        "and bring every running flow up to its case. Safe to run again."
    )

    def handle(self, *args, **options):
        before = CaseProcess.objects.filter(flow_class=MediationFlow).count()
        for case_id in Case.objects.order_by("pk").values_list("pk", flat=True).iterator():
            sync.follow(case_id)
        started = CaseProcess.objects.filter(flow_class=MediationFlow).count() - before
        self.stdout.write(f"{started} flow(s) started; every flow follows its case.")

"""The mediation flow's lock: the row of the process's case.

A change of a case (casedesk.cases.transitions, .steps, .intake) locks the case row and its flow
follows inside that transaction (workflows.sync). Whatever viewflow runs on its own (a timer that
fires, a task assigned in the inbox) takes the same row first, through MediationFlow.lock_impl, so
a change and the flow never wait on each other in opposite orders, and one case's flow moves one
step at a time. PostgreSQL waits for the row; SQLite serialises every write anyway.
"""

from contextlib import contextmanager

from django.db import transaction

from casedesk.cases.models import Case


class CaseRowLock:
    @contextmanager
    def __call__(self, flow_class, process_pk):
        with transaction.atomic():
            processes = flow_class.process_class._default_manager.filter(pk=process_pk)
            case_id = processes.values_list("artifact_object_id", flat=True).first()
            Case.objects.select_for_update().filter(pk=case_id).exists()
            yield


case_row_lock = CaseRowLock()

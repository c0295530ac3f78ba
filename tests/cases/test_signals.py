"""A `case_changing` receiver cannot undo the change that announced it (casedesk.cases.signals.in_savepoint):
its failure, even one that breaks the database transaction, is rolled back alone and logged."""

import contextlib
import logging

import pytest
from django.db import connection

from casedesk.cases import transitions
from casedesk.cases.choices import Status
from casedesk.cases.models import Case
from casedesk.cases.signals import case_changing, in_savepoint
from casedesk.units.models import Unit

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def failing_receiver():
    """A receiver that renames the case's unit, then runs a statement the database refuses."""

    @in_savepoint
    def receiver(sender, *, case, name, **kwargs):
        Unit.objects.filter(pk=case.unit_id).update(name="改过的名字")
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    case_changing.connect(receiver, sender=Case, dispatch_uid="test.failing")
    try:
        yield
    finally:
        case_changing.disconnect(sender=Case, dispatch_uid="test.failing")


def test_a_failing_receiver_is_rolled_back_alone_and_the_change_stands(register, mediator, supervisor, caplog):
    case = register()
    name = case.unit.name

    with failing_receiver(), caplog.at_level(logging.ERROR, logger="casedesk.cases.signals"):
        accepted = transitions.perform(case, "accept", mediator)
        assigned = transitions.perform(accepted, "assign", supervisor, mediator=mediator.pk)  # the same transaction

    assert Case.objects.get(pk=case.pk).status == assigned.status == Status.MEDIATING
    assert Unit.objects.get(pk=case.unit_id).name == name
    failures = [r for r in caplog.records if "failed on" in r.getMessage()]
    assert [r.getMessage().rsplit(" failed on ", 1)[1] for r in failures] == [
        f"accept of case {case.pk}", f"assign of case {case.pk}"]

"""A `case_changing` receiver cannot undo the change that announced it (casedesk.cases.signals.in_savepoint):
its failure, even one that breaks the database transaction, is rolled back alone and logged."""

import contextlib
import datetime
import logging

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

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


def test_a_failure_inside_a_block_without_a_savepoint_still_leaves_the_change_standing(register, mediator):
    """An atomic block without a savepoint of its own marks the whole transaction for rollback when it
    fails; the receiver's savepoint is known-good, so the change commits all the same."""

    @in_savepoint
    def receiver(sender, **kwargs):
        with transaction.atomic(savepoint=False):
            raise ValueError("the flow broke")

    case = register()
    case_changing.connect(receiver, sender=Case, dispatch_uid="test.no_savepoint")
    try:
        transitions.perform(case, "accept", mediator)
    finally:
        case_changing.disconnect(sender=Case, dispatch_uid="test.no_savepoint")

    assert Case.objects.get(pk=case.pk).status == Status.ACCEPTED


def test_what_a_failing_receiver_left_for_the_commit_is_dropped_with_it(register, mediator,
                                                                        django_capture_on_commit_callbacks):
    ran = []

    @in_savepoint
    def receiver(sender, **kwargs):
        transaction.on_commit(lambda: ran.append("the failed receiver's"))
        raise ValueError("the flow broke")

    case = register()
    case_changing.connect(receiver, sender=Case, dispatch_uid="test.on_commit")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            transitions.perform(case, "accept", mediator)
    finally:
        case_changing.disconnect(sender=Case, dispatch_uid="test.on_commit")

    assert ran == []


def test_the_receivers_savepoint_is_released_with_the_change_not_on_its_own(mediating, mediator):
    """One round trip fewer per change (bench/README.md): the receiver's savepoint is opened and left for the
    change's end to release. Here the change itself is a savepoint of the test's transaction: its release
    is the one release, and it names the change's savepoint, not the receiver's."""
    case = mediating()
    with CaptureQueriesContext(connection) as captured:
        transitions.perform(case, "extend", mediator, until=str(case.mediation_due + datetime.timedelta(days=3)),
                            parties_consent=True, reason="双方当事人同意延长调解期限")
    control = [q["sql"].split() for q in captured.captured_queries
               if q["sql"].startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))]
    assert [words[0] for words in control] == ["SAVEPOINT", "SAVEPOINT", "RELEASE"], control
    change, receiver, released = control[0][-1], control[1][-1], control[2][-1]
    assert released == change != receiver

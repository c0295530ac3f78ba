"""Payments and return visits are records of money and of what the worker said: the database refuses to
change or delete them (a mistaken payment is reversed by a counter-entry), as it does the audit events."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from casedesk.payments import services
from casedesk.payments.models import Payment, ReturnVisit

from .conftest import payment
from .test_return_visits import VISIT

pytestmark = pytest.mark.django_db


def refused(statement):
    try:
        with transaction.atomic():
            statement()
    except DatabaseError:
        return True
    return False


@pytest.fixture
def recorded(in_two, mediator):
    case = in_two()
    services.record_payment(case, mediator, **payment(amount="18600.00"))
    services.record_return_visit(case, mediator, **VISIT)
    return case


CHANGES = {
    "payment amount": lambda case: Payment.objects.filter(case=case).update(amount=Decimal("1.00")),
    "payment deleted": lambda case: Payment.objects.filter(case=case).delete(),
    "visit satisfaction": lambda case: ReturnVisit.objects.filter(case=case).update(satisfaction=1),
    "visit deleted": lambda case: ReturnVisit.objects.filter(case=case).delete(),
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_database_refuses_to_change_a_payment_or_a_visit(recorded, change):
    assert refused(lambda: CHANGES[change](recorded))
    assert list(Payment.objects.filter(case=recorded).values_list("amount", flat=True)) == [Decimal("18600.00")]
    assert list(ReturnVisit.objects.filter(case=recorded).values_list("satisfaction", flat=True)) == [5]


def test_a_reversal_is_still_a_new_row(recorded, mediator):
    paid = Payment.objects.get(case=recorded)
    services.reverse_payment(recorded, mediator, payment=str(paid.pk), reason="录入重复，冲正")
    assert sorted(Payment.objects.filter(case=recorded).values_list("amount", flat=True)) == [
        Decimal("-18600.00"), Decimal("18600.00")]


def test_the_triggers_are_installed_by_the_migrations():
    tables = {"payments_payment", "payments_returnvisit"}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT event_object_table FROM information_schema.triggers")
        assert tables <= {row[0] for row in cursor.fetchall()}

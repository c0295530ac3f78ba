"""Gap-free serial numbers, per unit, numbering and year: cases (〔2026〕某工调字第0001号) and each
kind of document (〔2026〕某工调协字第0001号) are numbered the same way, here, each numbering unit
(casedesk.units.tree.numbering_unit) on its own.

A serial is drawn inside the caller's transaction and its sequence row stays locked until that
transaction ends: a registration or a document that fails rolls its serial back with it, and the
next one takes the same number, so no number is ever skipped or given twice.
"""

from django.db import IntegrityError, transaction

from casedesk.units import tree

from .models import NumberSequence

CASES = "case"


def next_serial(scope, year, unit=None):
    """The next serial of numbering `scope` of `unit` (the root unit if None) in `year`; call it
    inside the transaction that uses it."""
    key = {"unit": unit or tree.root(), "scope": scope, "year": year}
    try:
        row = NumberSequence.objects.select_for_update().get(**key)
    except NumberSequence.DoesNotExist:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(**key, last=0)
        except IntegrityError:
            pass  # Another transaction created the row first: wait for its lock.
        row = NumberSequence.objects.select_for_update().get(**key)
    row.last += 1
    row.save(update_fields=["last"])
    return row.last

"""Gap-free numbers: cases and every kind of document draw them one way (casedesk.cases.sequences)."""

import pytest
from django.db import transaction

from casedesk.cases import sequences
from casedesk.cases.models import NumberSequence
from casedesk.documents.rendering import render_document

pytestmark = pytest.mark.django_db


def rows():
    return sorted(NumberSequence.objects.values_list("scope", "year", "last"))


def test_each_numbering_and_year_counts_on_its_own():
    with transaction.atomic():
        drawn = [sequences.next_serial("case", 2026), sequences.next_serial("case", 2026),
                 sequences.next_serial("document:agreement", 2026), sequences.next_serial("case", 2027)]
    assert drawn == [1, 2, 1, 1]
    assert rows() == [("case", 2026, 2), ("case", 2027, 1), ("document:agreement", 2026, 1)]


def test_a_serial_drawn_in_a_transaction_that_fails_is_drawn_again():
    with transaction.atomic():
        sequences.next_serial("case", 2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert sequences.next_serial("case", 2026) == 2
        raise RuntimeError("the registration failed after drawing its number")
    with transaction.atomic():
        assert sequences.next_serial("case", 2026) == 2
    assert rows() == [("case", 2026, 2)]


def test_cases_and_documents_are_numbered_from_the_same_table(agreed, mediator):
    case = agreed()
    document = render_document(case, "agreement", mediator)
    assert (case.serial, document.serial) == (1, 1)
    assert rows() == [("case", 2026, 1), ("document:agreement", 2026, 1)]

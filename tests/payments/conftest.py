"""An agreement of ¥18,600 in two instalments, reached today (Mon 2 Nov 2026): ¥9,300 due Tue 10 Nov
and ¥9,300 due Mon 30 Nov (the performance date)."""

import pytest

from casedesk.cases.choices import Status

from ..conftest import AGREEMENT

INSTALMENTS = [{"due_on": "2026-11-10", "amount": "9300.00"}, {"due_on": "2026-11-30", "amount": "9300.00"}]
IN_TWO = {**AGREEMENT, "instalments": INSTALMENTS}


@pytest.fixture
def in_two(case_at, walk, mediator):
    """in_two() → a case assigned to `mediator` that agreed on ¥18,600 in two instalments."""

    def _in_two():
        return walk(case_at(Status.MEDIATING), ("reach_agreement", mediator, IN_TWO))

    return _in_two


def payment(**overrides):
    return {"paid_on": "2026-11-02", "amount": "9300.00", "method": "transfer", **overrides}

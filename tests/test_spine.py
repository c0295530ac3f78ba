"""The suite's own helpers (tests/conftest.py) can fail: `unchanged` notices every kind of change a
refused request could make, and `case_at` walks a case to each state through the real service."""

import pytest

from casedesk.cases import steps, transitions
from casedesk.cases.choices import Status
from casedesk.cases.models import Case, CaseEvent, NumberSequence, Person
from casedesk.documents.rendering import render_document

from .conftest import AGREEMENT, PATHS, REASON, unchanged

pytestmark = pytest.mark.django_db

SESSION = {"held_at": "2026-11-02T09:30", "place": "县总工会调解室", "present": "申请人、被申请人代表",
           "statements": "双方陈述了意见。"}


def test_unchanged_passes_when_nothing_changed(mediating, client, mediator):
    case = mediating()
    with unchanged(case):
        client.force_login(mediator)
        assert client.get(f"/cases/{case.pk}/").status_code == 200  # a view is logged, and changes no case


@pytest.mark.parametrize("change", ["case row", "event", "agreement", "session", "document", "another case",
                                    "a party on record", "a number drawn"])
def test_unchanged_notices_each_kind_of_change(mediating, register, mediator, change):
    case = mediating()
    make = {
        "case row": lambda: Case.objects.filter(pk=case.pk).update(summary="改过的摘要"),
        "event": lambda: transitions.perform(case, "extend", mediator, until="2026-11-30", parties_consent=True,
                                             **REASON),
        "agreement": lambda: transitions.perform(case, "reach_agreement", mediator, **AGREEMENT),
        "session": lambda: steps.record(case, "record_session", mediator, **SESSION),
        "document": lambda: render_document(case, "acceptance_notice", mediator),
        "another case": lambda: register(),
        "a party on record": lambda: Person.objects.update(name="改过的姓名"),
        "a number drawn": lambda: NumberSequence.objects.update(last=99),
    }[change]
    with pytest.raises(AssertionError), unchanged(case):
        make()


@pytest.mark.parametrize("state", list(Status))
def test_case_at_walks_the_service_to_each_state_one_event_per_step(case_at, state):
    case = case_at(state)

    assert Case.objects.get(pk=case.pk).status == state
    actions = list(CaseEvent.objects.filter(case=case).order_by("seq").values_list("action", flat=True))
    assert [a for a in actions if a != "document"] == ["create", *(name for name, _role, _data in PATHS[state])]

"""THE service, casedesk.cases.transitions.perform: every transition of DESIGN.md's table.

Each transition: the allowed path (state, one audit event), the wrong state (409), the wrong
user (403) and bad data (400), and after every refusal nothing has changed (`unchanged`). Cases
reach a state by walking the real service from registration (the spine's `case_at`), never by
setting `status`.
"""

import datetime
from decimal import Decimal

import pytest

from casedesk.cases import audit, clock, transitions
from casedesk.cases.choices import Outcome, Status
from casedesk.cases.errors import InvalidData, NotPermitted, TransitionNotAllowed, UnknownTransition
from casedesk.cases.models import Agreement, Case, CaseEvent, MediatorRelation
from casedesk.cases.signals import case_changed

from ..conftest import unchanged
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 2)  # the conftest clock
REASON = {"reason": "申请人与被申请人已自行和解。"}
AGREEMENT = {"terms": "被申请人于2026年11月30日前支付工资18600元。", "amount": "18600.00", "performance_due": "2026-11-30"}
APPLICATION = {"court": "某某县人民法院", "applied_on": "2026-11-02"}
RULING = {"ruling_number": "（2026）某0101民特12号", "ruled_on": "2026-11-02"}

# The data each transition takes when everything is right; `cast` gives the users.
VALID_DATA = {
    "accept": lambda cast: {},
    "reject": lambda cast: dict(REASON),
    "assign": lambda cast: {"mediator": cast["mediator"].pk},
    "reassign": lambda cast: {"mediator": cast["other_mediator"].pk, **REASON},
    "extend": lambda cast: {"until": "2026-11-30", "parties_consent": True, **REASON},
    "reach_agreement": lambda cast: dict(AGREEMENT),
    "record_failure": lambda cast: dict(REASON),
    "withdraw": lambda cast: dict(REASON),
    "apply_confirmation": lambda cast: dict(APPLICATION),
    "court_confirm": lambda cast: dict(RULING),
    "court_reject": lambda cast: dict(REASON),
    "close": lambda cast: {},  # from failed, withdrawn or rejected; see close_data()
    "archive": lambda cast: {},
    "reopen": lambda cast: dict(REASON),
}

# DESIGN.md's table: where each transition starts and where it leads.
SOURCES = {
    "accept": (Status.SUBMITTED,),
    "reject": (Status.SUBMITTED,),
    "assign": (Status.ACCEPTED,),
    "reassign": (Status.MEDIATING,),
    "extend": (Status.MEDIATING,),
    "reach_agreement": (Status.MEDIATING,),
    "record_failure": (Status.MEDIATING,),
    "withdraw": (Status.SUBMITTED, Status.ACCEPTED, Status.MEDIATING),
    "apply_confirmation": (Status.AGREED,),
    "court_confirm": (Status.CONFIRMING,),
    "court_reject": (Status.CONFIRMING,),
    "close": (Status.AGREED, Status.CONFIRMED, Status.FAILED, Status.WITHDRAWN, Status.REJECTED),
    "archive": (Status.CLOSED,),
    "reopen": (Status.CLOSED, Status.FAILED, Status.REJECTED),
}
TARGET = {
    "accept": Status.ACCEPTED,
    "reject": Status.REJECTED,
    "assign": Status.MEDIATING,
    "reassign": Status.MEDIATING,
    "extend": Status.MEDIATING,
    "reach_agreement": Status.AGREED,
    "record_failure": Status.FAILED,
    "withdraw": Status.WITHDRAWN,
    "apply_confirmation": Status.CONFIRMING,
    "court_confirm": Status.CONFIRMED,
    "court_reject": Status.FAILED,
    "close": Status.CLOSED,
    "archive": Status.ARCHIVED,
    "reopen": Status.ACCEPTED,
}

# Who may take each transition. "volunteer" registered the case; "mediator" is the one the
# walk assigns (so before assignment they are just a mediator); the others have no tie to it.
ROLES = ("volunteer", "other_volunteer", "mediator", "other_mediator", "supervisor", "outsider")
ALLOWED_ROLES = {
    "accept": {"mediator", "other_mediator", "supervisor"},
    "reject": {"supervisor"},
    "assign": {"supervisor"},
    "reassign": {"supervisor"},
    "extend": {"mediator", "supervisor"},
    "reach_agreement": {"mediator"},
    "record_failure": {"mediator"},
    "withdraw": {"volunteer", "mediator", "supervisor"},
    "apply_confirmation": {"mediator"},
    "court_confirm": {"mediator", "supervisor"},
    "court_reject": {"mediator", "supervisor"},
    "close": {"supervisor"},
    "archive": {"supervisor"},
    "reopen": {"supervisor"},
}

def allowed_roles(name, state):
    roles = set(ALLOWED_ROLES[name])
    if state in (Status.SUBMITTED, Status.ACCEPTED) and name != "accept":
        roles.discard("mediator")  # not assigned yet: just a mediator
    return roles


@pytest.fixture
def cast(volunteer, mediator, other_mediator, supervisor, outsider):
    return {
        "volunteer": volunteer,
        "other_volunteer": UserFactory(username="volunteer2", role="volunteer"),
        "mediator": mediator,
        "other_mediator": other_mediator,
        "supervisor": supervisor,
        "outsider": outsider,
    }


def last_event(case):
    return CaseEvent.objects.filter(case=case).order_by("-seq").first()


def close_data(state):
    return {}  # the amount recovered is the payments recorded, never typed at close


# The allowed path

ALLOWED_PATHS = [
    ("accept", Status.SUBMITTED, "mediator"),
    ("accept", Status.SUBMITTED, "other_mediator"),
    ("accept", Status.SUBMITTED, "supervisor"),
    ("reject", Status.SUBMITTED, "supervisor"),
    ("assign", Status.ACCEPTED, "supervisor"),
    ("reassign", Status.MEDIATING, "supervisor"),
    ("extend", Status.MEDIATING, "mediator"),
    ("extend", Status.MEDIATING, "supervisor"),
    ("reach_agreement", Status.MEDIATING, "mediator"),
    ("record_failure", Status.MEDIATING, "mediator"),
    ("withdraw", Status.SUBMITTED, "volunteer"),
    ("withdraw", Status.SUBMITTED, "supervisor"),
    ("withdraw", Status.ACCEPTED, "volunteer"),
    ("withdraw", Status.ACCEPTED, "supervisor"),
    ("withdraw", Status.MEDIATING, "volunteer"),
    ("withdraw", Status.MEDIATING, "mediator"),
    ("withdraw", Status.MEDIATING, "supervisor"),
    ("apply_confirmation", Status.AGREED, "mediator"),
    ("court_confirm", Status.CONFIRMING, "mediator"),
    ("court_confirm", Status.CONFIRMING, "supervisor"),
    ("court_reject", Status.CONFIRMING, "mediator"),
    ("court_reject", Status.CONFIRMING, "supervisor"),
    *[("close", state, "supervisor") for state in SOURCES["close"]],
    ("archive", Status.CLOSED, "supervisor"),
    *[("reopen", state, "supervisor") for state in SOURCES["reopen"]],
]


def test_the_allowed_paths_cover_every_transition_from_every_source_state():
    covered = {(name, state) for name, state, _role in ALLOWED_PATHS}
    assert covered == {(name, state) for name, states in SOURCES.items() for state in states}
    assert set(SOURCES) == set(transitions.names())


@pytest.mark.parametrize(("name", "state", "role"), ALLOWED_PATHS)
def test_allowed_transition_moves_the_case_and_appends_exactly_one_event(case_at, cast, name, state, role):
    case = case_at(state)
    events_before = CaseEvent.objects.filter(case=case).count()
    data = close_data(state) if name == "close" else VALID_DATA[name](cast)

    result = transitions.perform(case, name, cast[role], **data)

    assert result.status == TARGET[name]
    assert Case.objects.get(pk=case.pk).status == TARGET[name]
    assert CaseEvent.objects.filter(case=case).count() == events_before + 1
    event = last_event(case)
    assert (event.seq, event.action, event.from_state, event.to_state, event.actor_id) == (
        events_before + 1, name, state, TARGET[name], cast[role].pk,
    )
    assert audit.verify_case(case) is None
    # The service writes only the columns it changed: what it returns is what the row now holds.
    assert transitions.row_values(result) == transitions.row_values(Case.objects.get(pk=case.pk))


def test_accept_starts_the_mediation_period(case_at, mediator):
    case = transitions.perform(case_at(Status.SUBMITTED), "accept", mediator)

    stored = Case.objects.get(pk=case.pk)
    assert stored.accepted_on == TODAY
    assert stored.mediation_due == datetime.date(2026, 11, 17)  # 15 days, a Tuesday
    assert last_event(case).data == {"mediation_due": "2026-11-17"}


def test_assign_gives_the_case_to_the_mediator(case_at, supervisor, mediator):
    case = transitions.perform(case_at(Status.ACCEPTED), "assign", supervisor, mediator=mediator.pk)

    assert Case.objects.get(pk=case.pk).mediator == mediator
    assert last_event(case).data["mediator"] == mediator.pk


def test_reassign_hands_the_case_to_another_mediator_and_records_the_previous_one(
    case_at, supervisor, mediator, other_mediator
):
    case = transitions.perform(
        case_at(Status.MEDIATING), "reassign", supervisor, mediator=other_mediator.pk, reason="原调解员回避"
    )

    assert Case.objects.get(pk=case.pk).mediator == other_mediator
    assert last_event(case).data["previous_mediator"] == mediator.pk
    assert last_event(case).data["reason"] == "原调解员回避"


def test_extend_moves_the_mediation_deadline(case_at, mediator):
    case = transitions.perform(
        case_at(Status.MEDIATING), "extend", mediator, until="2026-11-30", parties_consent=True, reason="双方同意延期"
    )

    assert Case.objects.get(pk=case.pk).mediation_due == datetime.date(2026, 11, 30)
    assert last_event(case).data["previous_due"] == "2026-11-17"


def test_reach_agreement_records_the_agreement_and_its_instalments(case_at, mediator):
    case = transitions.perform(
        case_at(Status.MEDIATING), "reach_agreement", mediator, terms="分两期支付", amount="18600.00",
        performance_due="2026-11-30",
        instalments=[{"due_on": "2026-11-15", "amount": "9300.00"}, {"due_on": "2026-11-30", "amount": "9300.00"}],
    )

    agreement = Agreement.objects.get(case=case)
    assert (agreement.terms, agreement.amount, agreement.signed_on, agreement.performance_due) == (
        "分两期支付", Decimal("18600.00"), TODAY, datetime.date(2026, 11, 30),
    )
    assert list(agreement.instalments.values_list("due_on", "amount")) == [
        (datetime.date(2026, 11, 15), Decimal("9300.00")), (datetime.date(2026, 11, 30), Decimal("9300.00")),
    ]


def test_apply_confirmation_records_the_court_on_the_agreement(case_at, mediator):
    case = transitions.perform(case_at(Status.AGREED), "apply_confirmation", mediator, **APPLICATION)

    agreement = Agreement.objects.get(case=case)
    assert (agreement.confirmation_court, agreement.confirmation_applied_on) == ("某某县人民法院", TODAY)


def test_apply_confirmation_on_the_thirtieth_day_is_in_time(case_at, mediator):
    case = case_at(Status.AGREED)  # signed on 2 November: due 2 December
    with clock.frozen(datetime.date(2026, 12, 10)):
        case = transitions.perform(case, "apply_confirmation", mediator, court="某某县人民法院", applied_on="2026-12-02")

    assert case.status == Status.CONFIRMING


def test_court_confirm_records_the_ruling(case_at, supervisor):
    case = transitions.perform(case_at(Status.CONFIRMING), "court_confirm", supervisor, **RULING)

    agreement = Agreement.objects.get(case=case)
    assert (agreement.ruling_number, agreement.ruled_on) == ("（2026）某0101民特12号", TODAY)


def test_court_reject_records_the_courts_reason(case_at, mediator):
    case = transitions.perform(case_at(Status.CONFIRMING), "court_reject", mediator, reason="协议内容违反法律规定")

    assert Agreement.objects.get(case=case).court_rejection_reason == "协议内容违反法律规定"


@pytest.mark.parametrize(
    ("state", "outcome", "recovered"),
    [
        (Status.AGREED, Outcome.SETTLED, Decimal("0.00")),  # no payment recorded yet
        (Status.CONFIRMED, Outcome.SETTLED, Decimal("0.00")),
        (Status.FAILED, Outcome.FAILED, Decimal("0.00")),
        (Status.WITHDRAWN, Outcome.WITHDRAWN, Decimal("0.00")),
        (Status.REJECTED, Outcome.REJECTED, Decimal("0.00")),
    ],
)
def test_close_records_the_outcome_that_follows_from_the_state(case_at, supervisor, state, outcome, recovered):
    case = transitions.perform(case_at(state), "close", supervisor, **close_data(state))

    stored = Case.objects.get(pk=case.pk)
    assert (stored.outcome, stored.recovered_amount) == (outcome, recovered)
    assert stored.closed_at == clock.now()


def test_close_accepts_the_matching_outcome_given_explicitly(case_at, supervisor):
    case = transitions.perform(case_at(Status.FAILED), "close", supervisor, outcome="failed")

    assert Case.objects.get(pk=case.pk).outcome == Outcome.FAILED


def test_reopen_clears_the_outcome_and_starts_a_new_mediation_period(case_at, supervisor):
    case = case_at(Status.CLOSED)
    with clock.frozen(datetime.date(2026, 11, 9)):
        case = transitions.perform(case, "reopen", supervisor, reason="申请人提交新证据")

    stored = Case.objects.get(pk=case.pk)
    assert (stored.outcome, stored.recovered_amount, stored.closed_at) == ("", None, None)
    assert stored.accepted_on == datetime.date(2026, 11, 9)
    assert stored.mediation_due == datetime.date(2026, 11, 24)
    previous = last_event(case).data["previous"]
    assert (previous["outcome"], previous["recovered_amount"]) == ("failed", "0.00")


def test_reopen_returns_the_case_to_the_unassigned_queue(case_at, supervisor, mediator):
    case = case_at(Status.FAILED)
    assert case.mediator_id == mediator.pk
    case = transitions.perform(case, "reopen", supervisor, reason="申请人提交新证据")

    assert Case.objects.get(pk=case.pk).mediator_id is None
    assert last_event(case).data["previous"]["mediator"] == mediator.pk


# The wrong state (409)

@pytest.mark.parametrize("state", list(Status))
def test_transitions_that_do_not_start_from_the_state_are_refused_and_change_nothing(case_at, cast, state):
    case = case_at(state)
    with unchanged(case):
        wrong = [name for name in transitions.names() if state not in SOURCES[name]]
        assert wrong

        not_refused = []
        for name in wrong:
            actor = cast["mediator" if ALLOWED_ROLES[name] == {"mediator"} else "supervisor"]
            try:
                transitions.perform(case, name, actor, **VALID_DATA[name](cast))
            except TransitionNotAllowed:
                continue
            except Exception as exc:  # noqa: BLE001 - reported below with the transition's name
                not_refused.append((name, type(exc).__name__))
            else:
                not_refused.append((name, "performed"))

        assert not_refused == []


def test_wrong_state_is_reported_before_a_missing_permission(case_at, outsider):
    case = case_at(Status.ARCHIVED)

    with unchanged(case), pytest.raises(TransitionNotAllowed):
        transitions.perform(case, "accept", outsider)


def test_a_stale_case_object_is_judged_by_the_state_in_the_database(case_at, supervisor, mediator):
    stale = case_at(Status.ACCEPTED)
    transitions.perform(stale, "withdraw", supervisor, **REASON)  # `stale` still says accepted
    with unchanged(stale), pytest.raises(TransitionNotAllowed):
        transitions.perform(stale, "assign", supervisor, mediator=mediator.pk)


def test_an_unknown_transition_is_refused_and_changes_nothing(case_at, supervisor):
    case = case_at(Status.SUBMITTED)
    with unchanged(case), pytest.raises(UnknownTransition):
        transitions.perform(case, "delete", supervisor)


# The wrong user (403)

TRANSITION_SOURCES = [(name, state) for name, states in SOURCES.items() for state in states]


@pytest.mark.parametrize(("name", "state"), TRANSITION_SOURCES)
def test_users_who_may_not_take_the_transition_are_refused_and_nothing_changes(case_at, cast, name, state):
    case = case_at(state)
    with unchanged(case):
        data = close_data(state) if name == "close" else VALID_DATA[name](cast)
        wrong = [role for role in ROLES if role not in allowed_roles(name, state)]
        assert {"other_volunteer", "outsider"} <= set(wrong)

        not_refused = []
        for role in wrong:
            try:
                transitions.perform(case, name, cast[role], **data)
            except NotPermitted:
                continue
            except Exception as exc:  # noqa: BLE001 - reported below with the role
                not_refused.append((role, type(exc).__name__))
            else:
                not_refused.append((role, "performed"))

        assert not_refused == []


def test_volunteer_cannot_assign_a_case(case_at, volunteer, mediator):
    case = case_at(Status.ACCEPTED)

    with unchanged(case), pytest.raises(NotPermitted):
        transitions.perform(case, "assign", volunteer, mediator=mediator.pk)

    assert Case.objects.get(pk=case.pk).mediator is None


def test_an_inactive_supervisor_cannot_close_a_case(case_at, supervisor):
    case = case_at(Status.FAILED)
    supervisor.is_active = False
    supervisor.save()
    with unchanged(case), pytest.raises(NotPermitted):
        transitions.perform(case, "close", supervisor)


def test_the_previous_mediator_loses_the_case_after_reassignment(case_at, supervisor, mediator, other_mediator):
    case = transitions.perform(
        case_at(Status.MEDIATING), "reassign", supervisor, mediator=other_mediator.pk, **REASON
    )
    with unchanged(case), pytest.raises(NotPermitted):
        transitions.perform(case, "reach_agreement", mediator, **AGREEMENT)


# Bad data (400)

RELATION = "配偶在该公司任职"

BAD_DATA = [
    # (transition, state, role, data, field)
    ("reject", Status.SUBMITTED, "supervisor", {}, "reason"),
    ("reject", Status.SUBMITTED, "supervisor", {"reason": "   "}, "reason"),
    ("reject", Status.SUBMITTED, "supervisor", {"reason": "x" * 2001}, "reason"),
    ("reject", Status.SUBMITTED, "supervisor", {"reason": ["不予受理", "材料不全"]}, "reason"),
    ("reject", Status.SUBMITTED, "supervisor", {"reason": {"text": "不予受理"}}, "reason"),
    ("accept", Status.SUBMITTED, "mediator", {"note": "先受理"}, "note"),
    ("withdraw", Status.SUBMITTED, "volunteer", {**REASON, "status": "closed"}, "status"),
    ("assign", Status.ACCEPTED, "supervisor", {}, "mediator"),
    ("assign", Status.ACCEPTED, "supervisor", {"mediator": "volunteer"}, "mediator"),
    ("assign", Status.ACCEPTED, "supervisor", {"mediator": "supervisor"}, "mediator"),
    ("assign", Status.ACCEPTED, "supervisor", {"mediator": 987654}, "mediator"),
    ("assign", Status.ACCEPTED, "supervisor", {"mediator": "not-a-number"}, "mediator"),
    ("assign", Status.ACCEPTED, "supervisor", {"mediator": ["mediator"]}, "mediator"),
    ("reassign", Status.MEDIATING, "supervisor", {"mediator": "mediator", **REASON}, "mediator"),
    ("reassign", Status.MEDIATING, "supervisor", {"mediator": "other_mediator"}, "reason"),
    ("reassign", Status.MEDIATING, "supervisor", {"mediator": "volunteer", **REASON}, "mediator"),
    ("extend", Status.MEDIATING, "mediator", {"until": "2026-11-30", **REASON}, "parties_consent"),
    ("extend", Status.MEDIATING, "mediator", {"until": "2026-11-30", "parties_consent": False, **REASON},
     "parties_consent"),
    ("extend", Status.MEDIATING, "mediator", {"until": "2026-11-10", "parties_consent": True, **REASON}, "until"),
    ("extend", Status.MEDIATING, "mediator", {"until": "2026-11-17", "parties_consent": True, **REASON}, "until"),
    ("extend", Status.MEDIATING, "mediator", {"until": "30/11/2026", "parties_consent": True, **REASON}, "until"),
    ("extend", Status.MEDIATING, "mediator", {"until": ["2026-11-30"], "parties_consent": True, **REASON}, "until"),
    ("extend", Status.MEDIATING, "mediator", {"until": 20261130, "parties_consent": True, **REASON}, "until"),
    ("extend", Status.MEDIATING, "mediator", {"until": "2026-11-30", "parties_consent": True}, "reason"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "amount": "-1.00"}, "amount"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "amount": "18600.005"}, "amount"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "amount": "一万八千六百"}, "amount"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "amount": ["18600.00"]}, "amount"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "amount": "99999999999.00"}, "amount"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "terms": ""}, "terms"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "terms": "款" * 5001}, "terms"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "performance_due": "2026-11-01"},
     "performance_due"),
    ("reach_agreement", Status.MEDIATING, "mediator",
     {**AGREEMENT, "signed_on": "2026-11-02", "performance_due": "2026-10-31"}, "performance_due"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "performance_due": ["2026-11-30"]},
     "performance_due"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "signed_on": "2026-11-03"}, "signed_on"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "signed_on": "2026-10-30"}, "signed_on"),
    ("reach_agreement", Status.MEDIATING, "mediator",
     {**AGREEMENT, "instalments": [{"due_on": "2026-11-15", "amount": "9000.00"},
                                   {"due_on": "2026-11-30", "amount": "9000.00"}]}, "instalments"),
    ("reach_agreement", Status.MEDIATING, "mediator",
     {**AGREEMENT, "instalments": [{"due_on": "2026-11-15", "amount": "9300.00"},
                                   {"due_on": "2026-12-31", "amount": "9300.00"}]}, "instalments"),
    ("reach_agreement", Status.MEDIATING, "mediator",
     {**AGREEMENT, "instalments": [{"due_on": "2026-11-30", "amount": "0.00"},
                                   {"due_on": "2026-11-30", "amount": "18600.00"}]}, "instalments"),
    ("reach_agreement", Status.MEDIATING, "mediator",
     {**AGREEMENT, "instalments": [{"due_on": "2026-11-30"}]}, "instalments"),
    ("reach_agreement", Status.MEDIATING, "mediator", {**AGREEMENT, "instalments": "18600.00"}, "instalments"),
    ("reach_agreement", Status.MEDIATING, "mediator",
     {**AGREEMENT, "instalments": [{"due_on": "2026-11-30", "amount": "18600.00", "paid": True}]}, "instalments"),
    ("record_failure", Status.MEDIATING, "mediator", {}, "reason"),
    ("withdraw", Status.MEDIATING, "mediator", {"reason": ["撤回"]}, "reason"),
    ("apply_confirmation", Status.AGREED, "mediator", {"applied_on": "2026-11-02"}, "court"),
    ("apply_confirmation", Status.AGREED, "mediator", {**APPLICATION, "applied_on": "2026-11-03"}, "applied_on"),
    ("apply_confirmation", Status.AGREED, "mediator", {**APPLICATION, "applied_on": "2026-11-01"}, "applied_on"),
    ("court_confirm", Status.CONFIRMING, "supervisor", {**RULING, "ruled_on": "2026-11-01"}, "ruled_on"),
    ("court_confirm", Status.CONFIRMING, "supervisor", {"ruled_on": "2026-11-02"}, "ruling_number"),
    ("court_reject", Status.CONFIRMING, "supervisor", {}, "reason"),
    # The amount recovered is not typed: it is the payments recorded (casedesk.payments).
    ("close", Status.AGREED, "supervisor", {"recovered_amount": "18600.00"}, "recovered_amount"),
    ("close", Status.CONFIRMED, "supervisor", {"outcome": "settled", "recovered_amount": "0"}, "recovered_amount"),
    ("close", Status.AGREED, "supervisor", {"recovered_amount": "99999999.00"}, "recovered_amount"),
    ("close", Status.FAILED, "supervisor", {"outcome": "settled"}, "outcome"),
    ("close", Status.AGREED, "supervisor", {"outcome": "failed"}, "outcome"),
    ("close", Status.WITHDRAWN, "supervisor", {"outcome": "rejected"}, "outcome"),
    ("close", Status.REJECTED, "supervisor", {"outcome": "won"}, "outcome"),
    ("archive", Status.CLOSED, "supervisor", {"pdf": "yes"}, "pdf"),
    ("reopen", Status.CLOSED, "supervisor", {}, "reason"),
]


def resolve_users(data, cast):
    """Role names given as `mediator` in the table stand for that user's id."""
    if "mediator" not in data:
        return data
    value = data["mediator"]
    if isinstance(value, list):
        return {**data, "mediator": [cast[v].pk if v in cast else v for v in value]}
    return {**data, "mediator": cast[value].pk if value in cast else value}


def bad_data_id(row):
    name, state, _role, data, field = row
    return f"{name}-{state}-{field}={data[field]!r:.24}" if field in data else f"{name}-{state}-no-{field}"


@pytest.mark.parametrize(("name", "state", "role", "data", "field"), BAD_DATA, ids=[bad_data_id(r) for r in BAD_DATA])
def test_bad_data_is_refused_naming_the_field_and_nothing_is_saved(case_at, cast, name, state, role, data, field):
    case = case_at(state)
    with unchanged(case), pytest.raises(InvalidData) as refused:
        transitions.perform(case, name, cast[role], **resolve_users(data, cast))

    assert field in refused.value.fields
    assert all(isinstance(m, str) and m for m in refused.value.fields[field])


def test_assigning_a_mediator_who_declared_a_relation_with_the_employer_is_refused(case_at, supervisor, mediator):
    case = case_at(Status.ACCEPTED)
    MediatorRelation.objects.create(mediator=mediator, employer=case.employer, relation=RELATION)
    with unchanged(case), pytest.raises(InvalidData) as refused:
        transitions.perform(case, "assign", supervisor, mediator=mediator.pk)

    assert list(refused.value.fields) == ["mediator"]
    assert RELATION in refused.value.fields["mediator"][0]


def test_reassigning_to_a_mediator_who_declared_a_relation_with_the_employer_is_refused(
    case_at, supervisor, other_mediator
):
    case = case_at(Status.MEDIATING)
    MediatorRelation.objects.create(mediator=other_mediator, employer=case.employer, relation=RELATION)
    with unchanged(case), pytest.raises(InvalidData) as refused:
        transitions.perform(case, "reassign", supervisor, mediator=other_mediator.pk, **REASON)

    assert RELATION in refused.value.fields["mediator"][0]


def test_a_relation_with_another_employer_does_not_stop_an_assignment(case_at, supervisor, mediator, employer):
    MediatorRelation.objects.create(mediator=mediator, employer=employer, relation=RELATION)

    case = transitions.perform(case_at(Status.ACCEPTED), "assign", supervisor, mediator=mediator.pk)

    assert case.mediator == mediator


def test_assigning_an_inactive_mediator_is_refused(case_at, supervisor, other_mediator):
    case = case_at(Status.ACCEPTED)
    other_mediator.is_active = False
    other_mediator.save()
    with unchanged(case), pytest.raises(InvalidData) as refused:
        transitions.perform(case, "assign", supervisor, mediator=other_mediator.pk)

    assert "mediator" in refused.value.fields


@pytest.mark.parametrize("value", ["fraction", "true", "object"])
def test_a_mediator_id_that_is_not_a_whole_number_is_refused(case_at, supervisor, mediator, value):
    case = case_at(Status.ACCEPTED)
    with unchanged(case):
        given = {"fraction": mediator.pk + 0.4, "true": True, "object": {"id": mediator.pk}}[value]

        with pytest.raises(InvalidData) as refused:
            transitions.perform(case, "assign", supervisor, mediator=given)

        assert "mediator" in refused.value.fields


def test_applying_for_confirmation_more_than_30_days_after_the_agreement_is_refused(case_at, mediator):
    case = case_at(Status.AGREED)  # signed on 2 November: due 2 December
    with unchanged(case):

        with clock.frozen(datetime.date(2026, 12, 10)), pytest.raises(InvalidData) as refused:
            transitions.perform(case, "apply_confirmation", mediator, court="某某县人民法院", applied_on="2026-12-03")

        assert "applied_on" in refused.value.fields


def test_every_error_is_reported_at_once(case_at, mediator):
    case = case_at(Status.MEDIATING)

    with unchanged(case), pytest.raises(InvalidData) as refused:
        transitions.perform(case, "reach_agreement", mediator, amount="-1", performance_due="soon", extra=1)

    assert {"terms", "amount", "performance_due", "extra"} <= set(refused.value.fields)


# What each user may do now

AVAILABLE = {
    Status.SUBMITTED: {
        "volunteer": ["withdraw"], "other_volunteer": [], "mediator": ["accept"], "other_mediator": ["accept"],
        "supervisor": ["accept", "reject", "withdraw"], "outsider": [],
    },
    Status.ACCEPTED: {"volunteer": ["withdraw"], "mediator": [], "supervisor": ["assign", "withdraw"], "outsider": []},
    Status.MEDIATING: {
        "volunteer": ["withdraw"], "other_volunteer": [],
        "mediator": ["extend", "reach_agreement", "record_failure", "withdraw"], "other_mediator": [],
        "supervisor": ["reassign", "extend", "withdraw"], "outsider": [],
    },
    Status.AGREED: {"volunteer": [], "mediator": ["apply_confirmation"], "supervisor": ["close"]},
    Status.CONFIRMING: {
        "mediator": ["court_confirm", "court_reject"], "other_mediator": [],
        "supervisor": ["court_confirm", "court_reject"],
    },
    Status.FAILED: {"mediator": [], "supervisor": ["close", "reopen"]},
    Status.CLOSED: {"volunteer": [], "mediator": [], "supervisor": ["archive", "reopen"]},
    Status.ARCHIVED: {role: [] for role in ROLES},
}


@pytest.mark.parametrize("state", list(AVAILABLE))
def test_available_transitions_are_those_each_user_may_take_now(case_at, cast, state):
    case = case_at(state)

    found = {role: transitions.available_transitions(case, cast[role]) for role in AVAILABLE[state]}

    assert found == AVAILABLE[state]


# Side effects after the commit


@pytest.fixture
def received():
    calls = []

    def receiver(sender, **kwargs):
        kwargs.pop("signal")
        calls.append(kwargs)

    case_changed.connect(receiver, dispatch_uid="test_transitions_receiver")
    yield calls
    case_changed.disconnect(dispatch_uid="test_transitions_receiver")


def test_case_changed_is_sent_only_after_the_commit(
    case_at, supervisor, received, django_capture_on_commit_callbacks
):
    case = case_at(Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transitions.perform(case, "reject", supervisor, **REASON)
        assert received == []

    assert received == []
    assert len(callbacks) == 1
    event = last_event(case)
    callbacks[0]()  # what the commit would run
    assert received == [{"case_id": case.pk, "name": "reject", "event_id": event.pk, "actor_id": supervisor.pk}]


REFUSALS = [
    ("archive", "supervisor", {}),  # wrong state
    ("accept", "volunteer", {}),  # wrong user
    ("accept", "mediator", {"note": "x"}),  # bad data
]


@pytest.mark.parametrize(("name", "role", "data"), REFUSALS)
def test_case_changed_is_not_sent_when_the_transition_is_refused(
    case_at, cast, received, django_capture_on_commit_callbacks, name, role, data
):
    case = case_at(Status.SUBMITTED)

    with unchanged(case), django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises((TransitionNotAllowed, NotPermitted, InvalidData)):
            transitions.perform(case, name, cast[role], **data)

    assert callbacks == []
    assert received == []


def test_every_transition_is_declared_once_with_its_form_and_labels():
    from casedesk.cases.transition_forms import TransitionForm

    declared = transitions.declarations()
    assert list(declared) == list(SOURCES)  # the order of DESIGN.md's state table
    for name, declaration in declared.items():
        assert set(declaration.sources) == set(SOURCES[name]) and declaration.target == TARGET[name], name
        assert issubclass(declaration.form, TransitionForm), name
        assert str(declaration.button) and str(declaration.event), name
    assert {n for n, d in declared.items() if d.caution} == {"reject", "record_failure", "withdraw", "court_reject"}


def test_a_transition_whose_form_is_missing_fails_the_system_check(monkeypatch):
    from casedesk.cases import checks
    from casedesk.cases.models import Case

    accept = Case._meta.get_field("status").transitions[Case]["accept"]._django_fsm.transitions
    transition = next(iter(accept.values()))
    monkeypatch.setitem(transition.custom, "form", "NoSuchForm")
    try:
        assert [e.id for e in checks.transitions_declared(None)] == ["cases.E003"]
    finally:
        monkeypatch.undo()
        transitions.declarations.cache_clear()
    assert checks.transitions_declared(None) == []

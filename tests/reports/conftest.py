"""Cases placed in time through the real services (intake, transitions) for the report tests."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from casedesk.cases import clock, intake, transitions
from casedesk.payments import services as payments

from ..conftest import id_number, registration_body

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def shanghai(y, m, d, hour=10, minute=0, second=0):
    return datetime.datetime(y, m, d, hour, minute, second, tzinfo=SHANGHAI)


def body(*, forms=("contract",), channel="walk_in", category="wage_arrears", on=None, first=0, **overrides):
    """A registration body: one applicant per employment form in `forms`, a court referral for court channels."""
    data = registration_body(workers=len(forms), channel=channel, category=category, **overrides)
    for n, (applicant, form) in enumerate(zip(data["applicants"], forms, strict=True)):
        applicant.update(name=f"工人{first + n}", id_number=id_number((first + n) % 1000), employment_form=form)
    day = (on or datetime.date(2025, 1, 2)).isoformat()
    data.setdefault("dispute_started_on", day)
    data["dispute_started_on"] = min(data["dispute_started_on"], day)
    if channel in ("court_delegated", "court_commissioned"):
        kind = "pre_litigation" if channel == "court_delegated" else "commissioned"
        data["court_referral"] = {"court": "某某县人民法院", "court_case_number": f"（{day[:4]}）某0101民诉前调{first}号",
                                  "kind": kind, "referred_on": day}
    return data


class Story:
    """Registers a case at a moment and takes it through steps, each at its own moment."""

    def __init__(self, volunteer, mediator, supervisor):
        self.volunteer, self.mediator, self.supervisor = volunteer, mediator, supervisor
        self.serial = 0

    def register(self, moment, **kwargs):
        self.serial += 100
        kwargs.setdefault("first", self.serial)
        with clock.frozen(moment):
            data = body(on=clock.today(), **kwargs)
            return intake.register_case(actor=self.volunteer, data=data).case

    def step(self, case, moment, name, actor=None, **data):
        actor = actor or (self.mediator if name in MEDIATOR_STEPS else self.supervisor)
        with clock.frozen(moment):
            return transitions.perform(case, name, actor, **data)

    def mediate(self, case, accepted, agreed=None, failed=None, amount="18600.00"):
        """accept and assign on `accepted`; then an agreement on `agreed` or a failure on `failed`."""
        case = self.step(case, accepted, "accept")
        case = self.step(case, accepted, "assign", mediator=self.mediator.pk)
        if agreed:
            due = (agreed + datetime.timedelta(days=30)).date().isoformat()
            case = self.step(case, agreed, "reach_agreement", terms="一次性支付。", amount=amount, performance_due=due,
                             above_claim_confirmed=True)  # the figures' amounts, whatever was claimed
        if failed:
            case = self.step(case, failed, "record_failure", reason="双方分歧较大，调解不成。")
        return case

    def pay(self, case, moment, amount, actor=None):
        """A payment against the agreement, made and recorded at `moment` (casedesk.payments)."""
        with clock.frozen(moment):
            payments.record_payment(case, actor or self.supervisor, paid_on=clock.today().isoformat(),
                                    amount=amount, method="transfer")
        return case

    def close(self, case, moment, recovered=None):
        """Close at `moment`, the amount `recovered` paid (and recorded) just before."""
        if recovered is not None:
            self.pay(case, moment, recovered)
        return self.step(case, moment, "close")


MEDIATOR_STEPS = {"reach_agreement", "record_failure", "apply_confirmation"}


@pytest.fixture
def story(volunteer, mediator, supervisor):
    return Story(volunteer, mediator, supervisor)


@pytest.fixture
def year_2025(story):
    """The hand-counted set of tests/reports/test_stats.py (see its docstring)."""
    s = story
    cases = {}
    a = s.register(shanghai(2025, 3, 10), forms=("contract", "contract"))
    a = s.mediate(a, shanghai(2025, 3, 11), agreed=shanghai(2025, 3, 20))
    cases["A"] = s.close(a, shanghai(2025, 3, 31), "18600.00")
    b = s.register(shanghai(2025, 3, 20), forms=("platform",), channel="hotline_12351", category="contract_termination")
    b = s.mediate(b, shanghai(2025, 3, 21), failed=shanghai(2025, 4, 1))
    cases["B"] = s.close(b, shanghai(2025, 4, 10))
    c = s.register(shanghai(2025, 5, 6), forms=("dispatch",), channel="court_delegated", category="work_injury")
    cases["C"] = s.mediate(c, shanghai(2025, 5, 7), agreed=shanghai(2025, 5, 20), amount="30000.00")
    d = s.register(shanghai(2025, 6, 3), forms=("contract",) * 10 + ("platform", "platform"), channel="court_commissioned")
    cases["D"] = s.mediate(d, shanghai(2025, 6, 4), failed=shanghai(2025, 6, 20))
    cases["E"] = s.register(shanghai(2025, 7, 15), forms=("informal",), channel="court_delegated", category="overtime")
    f = s.register(shanghai(2025, 8, 1), forms=("contract",))
    f = s.step(f, shanghai(2025, 8, 4), "reject", reason="不属于受理范围。")
    f = s.close(f, shanghai(2025, 8, 5))
    f = s.step(f, shanghai(2025, 8, 11), "reopen", reason="申请人补充了劳动关系证明。")
    f = s.step(f, shanghai(2025, 8, 11), "assign", mediator=s.mediator.pk)
    f = s.step(f, shanghai(2025, 9, 1), "reach_agreement", terms="分期支付。", amount="5000.10", performance_due="2025-09-10")
    cases["F"] = s.close(f, shanghai(2025, 9, 15), "5000.10")
    cases["G"] = s.register(shanghai(2025, 12, 31, 23, 59, 30), forms=("contract",), channel="online",
                            category="social_insurance")
    cases["H"] = s.register(shanghai(2026, 1, 1, 0, 0, 30), forms=("contract",))
    cases["I"] = s.register(shanghai(2024, 12, 31, 12, 0), forms=("contract",))
    return {k: v.pk for k, v in cases.items()}


@pytest.fixture
def money():
    return Decimal

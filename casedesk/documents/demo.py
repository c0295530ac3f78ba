"""A demo case walked through every document, for sample pages and the benchmark.

Everything goes through the real services (intake, transitions, render_document); the
caller decides whether the transaction commits (the samples command rolls it back).
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from casedesk.cases import clock, identifiers, intake, roles, transitions
from casedesk.cases.models import MediationSession

from .rendering import render_document

EMPLOYER = {
    "name": "某某服装有限公司", "uscc": identifiers.make_uscc("91330100MA2B3C4D5"),
    "address": "某某县工业园区纬三路8号", "legal_representative": "刘建华", "legal_representative_title": "执行董事",
    "contact_name": "刘经理", "contact_phone": "0571-88886666",
}
STATEMENTS = (
    "申请人张晓红：我2025年3月入职，做缝纫工，月工资6200元。公司从2026年7月起没有发工资，三个月共18600元。\n"
    "被申请人代理人刘经理：公司承认拖欠，因为订单回款慢。希望分两期支付。\n"
    "调解员：经释明《劳动争议调解仲裁法》第十六条关于支付令的规定，双方同意分期支付。"
)


def day(month, dom, hour=10):
    return timezone.make_aware(datetime.datetime(2026, month, dom, hour, 0))


def demo_users():
    def user(username, name, role):
        account, _created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": name})
        account.groups.add(Group.objects.get(name=role))
        return account

    return (
        user("demo_volunteer", "李志愿", roles.VOLUNTEER),
        user("demo_mediator", "陈调解", roles.MEDIATOR),
        user("demo_supervisor", "王主任", roles.SUPERVISOR),
    )


def register(volunteer, *, workers, first_id, channel="walk_in", court_referral=None, summary=None):
    """Register a wage case; the workers' ID numbers are sequence numbers first_id, first_id + 1, …"""
    applicants = [
        {"name": name, "id_number": identifiers.make_resident_id("330102", datetime.date(1988, 6, 15), first_id + n),
         "phone": f"1380013{first_id + n:04d}", "bank_account": f"62220212{first_id + n:011d}",
         "address": f"某某县城关镇解放路{first_id + n}号", "employment_form": "contract"}
        for n, name in enumerate(workers)
    ]
    data = {
        "channel": channel, "category": "wage_arrears",
        "summary": summary or "申请人在被申请人处从事缝纫工作，被申请人拖欠2026年7月至9月工资共计18600元，经多次催要未果。",
        "dispute_started_on": "2026-10-08", "applicants": applicants, "employer": EMPLOYER,
        "claims": [{"kind": "wage", "amount": "18600.00", "description": "2026年7月至9月工资"}],
        "court_referral": court_referral,
    }
    return intake.register_case(actor=volunteer, data=data).case


def step(case, moment, name, actor, **data):
    with clock.frozen(moment):
        return transitions.perform(case, name, actor, **data)


def session(case, mediator, moment):
    return MediationSession.objects.create(
        case=case, held_at=moment, place="某某县总工会职工维权服务中心调解室", mediator=mediator,
        present="申请人张晓红，被申请人委托代理人刘经理，调解员陈调解", statements=STATEMENTS,
    )


def issue(case, kind, actor, moment):
    with clock.frozen(moment):
        return render_document(case, kind, actor)


def agreed_case(volunteer, mediator, supervisor, *, issue_documents=True):
    """A wage case of one worker, mediated to an agreement paid in two instalments: (case, {kind: document})."""
    with clock.frozen(day(11, 2)):
        case = register(volunteer, workers=["张晓红"], first_id=100)
    issued = {}
    case = step(case, day(11, 3), "accept", mediator)
    if issue_documents:
        issued["acceptance_notice"] = issue(case, "acceptance_notice", mediator, day(11, 3, 11))
    case = step(case, day(11, 3, 14), "assign", supervisor, mediator=mediator.pk)
    session(case, mediator, day(11, 10, 9))
    if issue_documents:
        issued["mediation_notice"] = issue(case, "mediation_notice", mediator, day(11, 4))
        issued["session_record"] = issue(case, "session_record", mediator, day(11, 10, 12))
    case = step(case, day(11, 10, 15), "reach_agreement", mediator, terms=(
        "一、被申请人于2026年11月20日前向申请人支付拖欠工资9300元，于2026年12月20日前支付剩余工资9300元，"
        "均以银行转账方式支付至申请人本人工资卡。\n二、申请人放弃其他请求，双方就本案劳动争议再无其他争议。"
    ), amount="18600.00", performance_due="2026-12-20", instalments=[
        {"due_on": "2026-11-20", "amount": "9300.00"}, {"due_on": "2026-12-20", "amount": "9300.00"},
    ])
    return case, issued


def settled_case(volunteer, mediator, supervisor, *, documents=True):
    """The agreed case, confirmed by the court, closed and archived: (case, {kind: document})."""
    case, issued = agreed_case(volunteer, mediator, supervisor, issue_documents=documents)
    if documents:
        issued["agreement"] = issue(case, "agreement", mediator, day(11, 10, 16))
        issued["confirmation_application"] = issue(case, "confirmation_application", mediator, day(11, 11))
    case = step(case, day(11, 11, 14), "apply_confirmation", mediator, court="某某县人民法院", applied_on="2026-11-11")
    case = step(case, day(11, 16), "court_confirm", supervisor, ruling_number="（2026）浙0101民特123号",
                ruled_on="2026-11-16")
    case = step(case, day(11, 24), "close", supervisor, recovered_amount=Decimal("18600.00"))
    if documents:
        issued["closing_report"] = issue(case, "closing_report", supervisor, day(11, 24, 11))
    case = step(case, day(11, 26), "archive", supervisor)
    if documents:
        issued["case_file"] = issue(case, "case_file", supervisor, day(11, 26, 11))
    return case, issued


def rejected_case(volunteer, supervisor):
    with clock.frozen(day(11, 2)):
        case = register(volunteer, workers=["赵大勇"], first_id=110)
    case = step(case, day(11, 4), "reject", supervisor, reason="被申请人明确表示不同意调解")
    return case, {"rejection_notice": issue(case, "rejection_notice", supervisor, day(11, 4, 11))}


def failed_court_case(volunteer, mediator, supervisor):
    referral = {"court": "某某县人民法院", "court_case_number": "（2026）浙0101民诉前调88号",
                "kind": "pre_litigation", "referred_on": "2026-11-02"}
    with clock.frozen(day(11, 2)):
        case = register(volunteer, workers=["孙强", "周丽"], first_id=120, channel="court_delegated",
                        court_referral=referral)
    case = step(case, day(11, 3), "accept", mediator)
    case = step(case, day(11, 3, 14), "assign", supervisor, mediator=mediator.pk)
    session(case, mediator, day(11, 12, 9))
    case = step(case, day(11, 20), "record_failure", mediator,
                reason="被申请人认为双方系承揽关系而非劳动关系，不同意支付工资")
    issued = {"termination": issue(case, "termination", mediator, day(11, 20, 11))}
    case = step(case, day(11, 23), "close", supervisor)
    issued["court_feedback"] = issue(case, "court_feedback", supervisor, day(11, 23, 11))
    return case, issued

"""Every path of the mediation flow, driven where the inbox sends each task (the case page): each ends with the case in
the right state and the right tasks done, cancelled or open. The first path takes the case into
mediation through the case page too; the others start from the spine's `mediating` case."""

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from casedesk.cases import transitions
from casedesk.cases.choices import Status
from casedesk.cases.models import Case, CaseEvent
from casedesk.payments import services as payments

from .conftest import done_tasks, open_tasks, process_of, tasks


def pay_in_full(case, actor):
    """The employer pays what was agreed: archiving a settled case needs the agreement performed."""
    payments.record_payment(case, actor, paid_on="2026-11-02", amount=AGREEMENT["amount"], method="transfer")

pytestmark = pytest.mark.django_db

REASON = {"reason": "申请人与被申请人已自行和解。"}
AGREEMENT = {"terms": "被申请人于2026年11月30日前支付工资18600元。", "amount": "18600.00", "performance_due": "2026-11-30"}
APPLICATION = {"court": "某某县人民法院", "applied_on": "2026-11-02"}
RULING = {"ruling_number": "（2026）某0101民特12号", "ruled_on": "2026-11-02"}
MEDIATION_TASKS = ["gather_evidence", "notify_employer", "record_outcome", "schedule_session"]
REFERRAL = {"court": "某某县人民法院", "court_case_number": "（2026）某0101民诉前调88号", "referred_on": "2026-11-02"}


def test_registering_a_case_starts_its_flow_at_the_acceptance_decision(register):
    case = register()

    assert process_of(case).status == PROCESS.NEW
    assert open_tasks(case) == ["decide_acceptance"]


def test_accept_assign_agree_confirm_close_archive(register, mediator, supervisor, do_task):
    case = register()
    do_task(case, "decide_acceptance", mediator, transition="accept")
    do_task(case, "assign", supervisor, transition="assign", mediator=mediator.pk)
    assert case.status == Status.MEDIATING and open_tasks(case) == MEDIATION_TASKS

    do_task(case, "gather_evidence", mediator, note="工资条三张、考勤记录一份")
    do_task(case, "schedule_session", mediator, scheduled_for="2026-11-05T09:30", place="县总工会调解室")
    do_task(case, "notify_employer", mediator, notified_on="2026-11-02", means="phone")
    do_task(case, "record_outcome", mediator, transition="reach_agreement", **AGREEMENT)
    assert case.status == Status.AGREED and open_tasks(case) == ["apply_confirmation", "close_settled"]

    do_task(case, "apply_confirmation", mediator, transition="apply_confirmation", **APPLICATION)
    assert case.status == Status.CONFIRMING and open_tasks(case) == ["record_ruling"]
    assert [t.status for t in tasks(case, node="close_settled")] == [STATUS.CANCELED]

    do_task(case, "record_ruling", mediator, transition="court_confirm", **RULING)
    pay_in_full(case, mediator)
    do_task(case, "close", supervisor, transition="close")
    assert case.status == Status.CLOSED and open_tasks(case) == ["archive"]
    do_task(case, "archive", supervisor, transition="archive")

    assert case.status == Status.ARCHIVED and open_tasks(case) == []
    assert process_of(case).status == PROCESS.DONE
    assert done_tasks(case) == [
        "decide_acceptance", "assign", *["gather_evidence", "schedule_session", "notify_employer"],
        "record_outcome", "apply_confirmation", "record_ruling", "close", "archive",
    ]
    steps = CaseEvent.objects.filter(case=case, action__in=["evidence_gathered", "session_scheduled", "employer_notified"])
    assert steps.count() == 3
    # Every task the process made, whatever its node, points to the case (workflows.models.CaseProcessTask).
    pointers = {(task.artifact_content_type.model_class(), task.artifact_object_id)
                for task in process_of(case).task_set.all()}
    assert pointers == {(Case, case.pk)}


def test_agreement_closed_without_judicial_confirmation(mediating, mediator, supervisor, do_task):
    case = mediating()
    do_task(case, "record_outcome", mediator, transition="reach_agreement", **AGREEMENT)

    do_task(case, "close_settled", supervisor, transition="close")

    assert case.status == Status.CLOSED and open_tasks(case) == ["archive"]
    assert [t.status for t in tasks(case, node="apply_confirmation")] == [STATUS.CANCELED]
    # the preparations nobody finished are moot once mediation is over
    assert {t.status for t in tasks(case) if t.flow_task.name in ("gather_evidence", "schedule_session")} == {
        STATUS.CANCELED
    }


def test_failed_mediation_is_closed_and_archived(mediating, mediator, supervisor, do_task):
    case = mediating()
    do_task(case, "record_outcome", mediator, transition="record_failure", **REASON)
    assert case.status == Status.FAILED and open_tasks(case) == ["close"]

    do_task(case, "close", supervisor, transition="close")
    do_task(case, "archive", supervisor, transition="archive")

    assert case.status == Status.ARCHIVED and case.outcome == "failed"
    assert process_of(case).status == PROCESS.DONE


def test_rejected_case_is_closed_and_archived(register, supervisor, do_task):
    case = register()
    do_task(case, "decide_acceptance", supervisor, transition="reject", **REASON)
    assert case.status == Status.REJECTED and open_tasks(case) == ["close"]

    do_task(case, "close", supervisor, transition="close")
    do_task(case, "archive", supervisor, transition="archive")

    assert case.status == Status.ARCHIVED and done_tasks(case) == ["decide_acceptance", "close", "archive"]


@pytest.mark.parametrize("stage", ["decide_acceptance", "assign", "record_outcome"])
def test_withdrawal_from_each_stage_leads_to_closing(stage, register, mediator, supervisor, do_task):
    case = register()
    if stage != "decide_acceptance":
        do_task(case, "decide_acceptance", mediator, transition="accept")
    if stage == "record_outcome":
        do_task(case, "assign", supervisor, transition="assign", mediator=mediator.pk)

    do_task(case, stage, supervisor if stage != "record_outcome" else mediator, transition="withdraw", **REASON)

    assert case.status == Status.WITHDRAWN and open_tasks(case) == ["close"]
    assert done_tasks(case)[-1] == stage
    do_task(case, "close", supervisor, transition="close")
    assert case.outcome == "withdrawn" and open_tasks(case) == ["archive"]


def test_court_reject_fails_the_case_then_reopen_mediates_again(mediating, mediator, supervisor, do_task):
    case = mediating()
    do_task(case, "record_outcome", mediator, transition="reach_agreement", **AGREEMENT)
    do_task(case, "apply_confirmation", mediator, transition="apply_confirmation", **APPLICATION)
    do_task(case, "record_ruling", mediator, transition="court_reject", reason="协议内容违反法律强制性规定。")
    assert case.status == Status.FAILED and open_tasks(case) == ["close"]

    do_task(case, "close", supervisor, transition="reopen", **REASON)
    assert case.status == Status.ACCEPTED and open_tasks(case) == ["assign"]
    do_task(case, "assign", supervisor, transition="assign", mediator=mediator.pk)

    assert case.status == Status.MEDIATING and open_tasks(case) == MEDIATION_TASKS


def test_reopening_a_closed_case_goes_back_to_assignment(mediating, mediator, supervisor, do_task):
    case = mediating()
    do_task(case, "record_outcome", mediator, transition="record_failure", **REASON)
    do_task(case, "close", supervisor, transition="close")

    do_task(case, "archive", supervisor, transition="reopen", **REASON)

    assert case.status == Status.ACCEPTED and open_tasks(case) == ["assign"]
    assert process_of(case).status == PROCESS.NEW


@pytest.mark.parametrize("channel", ["court_delegated", "court_commissioned"])
def test_court_case_confirmed_then_feedback_sent_before_archiving(channel, mediating, mediator, supervisor, do_task):
    case = mediating(channel=channel, court_referral=dict(REFERRAL))
    assert case.mediation_due.isoformat() == "2026-12-02"  # the court's 30 days, not 15
    do_task(case, "record_outcome", mediator, transition="reach_agreement", **AGREEMENT)
    do_task(case, "apply_confirmation", mediator, transition="apply_confirmation", **APPLICATION)
    do_task(case, "record_ruling", mediator, transition="court_confirm", **RULING)
    pay_in_full(case, mediator)
    do_task(case, "close", supervisor, transition="close")
    assert open_tasks(case) == ["send_court_feedback"]

    do_task(case, "send_court_feedback", supervisor, sent_on="2026-11-02", note="某工调函〔2026〕1号，已邮寄。")
    assert open_tasks(case) == ["archive"]
    do_task(case, "archive", supervisor, transition="archive")

    assert case.status == Status.ARCHIVED and process_of(case).status == PROCESS.DONE
    assert CaseEvent.objects.filter(case=case, action="court_feedback_sent").count() == 1


def test_court_case_rejected_by_the_court_still_gets_feedback(mediating, mediator, supervisor, do_task):
    case = mediating(channel="court_delegated", court_referral=dict(REFERRAL))
    do_task(case, "record_outcome", mediator, transition="reach_agreement", **AGREEMENT)
    do_task(case, "apply_confirmation", mediator, transition="apply_confirmation", **APPLICATION)
    do_task(case, "record_ruling", mediator, transition="court_reject", **REASON)
    do_task(case, "close", supervisor, transition="close")

    assert case.status == Status.CLOSED and open_tasks(case) == ["send_court_feedback"]


def test_reopening_a_closed_court_case_before_the_feedback_went_out(mediating, mediator, supervisor, do_task,
                                                                    committed):
    case = mediating(channel="court_commissioned", court_referral=dict(REFERRAL))
    do_task(case, "record_outcome", mediator, transition="record_failure", **REASON)
    do_task(case, "close", supervisor, transition="close")
    assert open_tasks(case) == ["send_court_feedback"]

    with committed():
        transitions.perform(case, "reopen", supervisor, **REASON)  # from the case page

    assert open_tasks(case) == ["assign"]
    (feedback,) = tasks(case, STATUS.DONE, node="send_court_feedback")
    assert feedback.data["overtaken"] is True


BODY_REFERRAL = {"body": "arbitration", "body_name": "某某县劳动人事争议仲裁院", "reference_number": "某劳人仲转〔2026〕15号",
                 "referred_on": "2026-11-01"}


def test_a_case_another_body_referred_gets_its_letter_on_the_result_before_archiving(
        mediating, mediator, supervisor, do_task):
    case = mediating(channel="transfer", referral=dict(BODY_REFERRAL))
    do_task(case, "record_outcome", mediator, transition="record_failure", **REASON)
    do_task(case, "close", supervisor, transition="close")
    assert open_tasks(case) == ["send_referral_result"]

    do_task(case, "send_referral_result", supervisor, sent_on="2026-11-02", note="已邮寄仲裁院立案庭。")
    assert open_tasks(case) == ["archive"]
    do_task(case, "archive", supervisor, transition="archive")

    assert case.status == Status.ARCHIVED and process_of(case).status == PROCESS.DONE
    assert CaseEvent.objects.filter(case=case, action="referral_result_sent").count() == 1

"""The union's mediation procedure, one process per case (the case is the process's artifact).

Gates read the case as it stands; each human task is done on the case page (or through the API) by
a transition or a step, and workflows.sync completes the task it stood for.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from casedesk.cases import steps
from casedesk.cases.choices import Status as S
from casedesk.cases.deadlines import ACCEPTANCE, CONFIRMATION_APPLICATION, MEDIATION

from . import timers
from .locking import case_row_lock
from .models import CaseProcess, CaseProcessTask
from .nodes import DECIDE, SUPERVISE, CaseTask, OverdueReview, case_is, case_left, is_court_case, is_referred_case


def step_task(name):
    """A task done by taking step `name` of casedesk.cases.steps (on the case page's checklist), named
    as the checklist and the timeline name the step (one wording)."""
    declared = steps.step(name)
    return CaseTask(waits_in=declared.states, done_by=[name]).Annotation(title=declared.event)


class MediationFlow(flow.Flow):
    """Mediation

    A labour dispute from registration to the archive: acceptance, a mediator, mediation, its
    outcome, judicial confirmation when the parties ask for it, feedback to a referring court, the
    letter on the result to another referring body.
    """

    process_class = CaseProcess
    task_class = CaseProcessTask
    process_title = _("Mediation")
    process_description = _("A labour dispute from registration to the archive.")
    lock_impl = case_row_lock

    start = flow.StartHandle(this.start_case).Annotation(title=_("Register")).Next(this.where_is_the_case)

    where_is_the_case = (
        flow.Switch().Annotation(title=_("Where is the case?"))
        .Case(this.decide_acceptance, case_is(S.SUBMITTED))
        .Case(this.assign, case_is(S.ACCEPTED))
        .Case(this.mediate, case_is(S.MEDIATING))
        .Case(this.agreement_reached, case_is(S.AGREED))
        .Case(this.record_ruling, case_is(S.CONFIRMING))
        .Case(this.close, case_is(S.CONFIRMED, S.FAILED, S.WITHDRAWN, S.REJECTED))
        .Case(this.court_referred, case_is(S.CLOSED))
        .Default(this.end)
    )

    decide_acceptance = (
        CaseTask(waits_in=[S.SUBMITTED], done_by=["accept", "reject", "withdraw"])
        .Annotation(title=_("Decide on acceptance")).Permission(DECIDE)
        .OnTimeout(timers.acceptance_missed, this.acceptance_overdue, interrupting=False)
        .Next(this.where_is_the_case)
    )
    assign = (
        CaseTask(waits_in=[S.ACCEPTED], done_by=["assign", "withdraw"])
        .Annotation(title=_("Assign a mediator")).Permission(SUPERVISE)
        .OnTimeout(timers.mediation_missed, this.mediation_overdue, interrupting=False)
        .Next(this.where_is_the_case)
    )

    mediate = (
        flow.Split().Annotation(title=_("Mediate"))
        .Always(this.gather_evidence).Always(this.schedule_session).Always(this.notify_employer)
        .Always(this.record_outcome)
    )
    gather_evidence = (
        step_task("evidence_gathered").ForMediator().Next(this.mediation_over)
    )
    schedule_session = (
        step_task("session_scheduled").ForMediator().Next(this.mediation_over)
    )
    notify_employer = (
        step_task("employer_notified").ForMediator().Next(this.mediation_over)
    )
    record_outcome = (
        CaseTask(waits_in=[S.MEDIATING], done_by=["reach_agreement", "record_failure", "withdraw"])
        .Annotation(title=_("Record the outcome of mediation")).ForMediator()
        .OnTimeout(timers.mediation_missed, this.mediation_overdue, interrupting=False)
        .Next(this.mediation_over)
    )
    mediation_over = flow.Join(continue_on_condition=case_left(S.MEDIATING)).Next(this.where_is_the_case)

    agreement_reached = flow.Split().Always(this.apply_confirmation).Always(this.close_settled)
    apply_confirmation = (
        CaseTask(waits_in=[S.AGREED], done_by=["apply_confirmation"])
        .Annotation(title=_("Apply for judicial confirmation if the parties ask")).ForMediator()
        .OnTimeout(timers.confirmation_missed, this.confirmation_overdue, interrupting=False)
        .Next(this.confirmation_decided)
    )
    close_settled = (
        CaseTask(waits_in=[S.AGREED], done_by=["close"])
        .Annotation(title=_("Close without judicial confirmation")).Permission(SUPERVISE)
        .Next(this.confirmation_decided)
    )
    confirmation_decided = flow.Join(continue_on_condition=case_left(S.AGREED)).Next(this.where_is_the_case)
    record_ruling = (
        CaseTask(waits_in=[S.CONFIRMING], done_by=["court_confirm", "court_reject"])
        .Annotation(title=_("Record the court's ruling")).ForMediator()
        .Next(this.where_is_the_case)
    )

    close = (
        CaseTask(waits_in=[S.CONFIRMED, S.FAILED, S.WITHDRAWN, S.REJECTED], done_by=["close", "reopen"])
        .Annotation(title=_("Close the case")).Permission(SUPERVISE)
        .Next(this.where_is_the_case)
    )
    # (Named before referrals by other bodies had a letter of their own; the name stays for the
    # processes that passed it.)
    court_referred = (
        flow.Switch().Annotation(title=_("Referred by a court or another body?"))
        .Case(this.send_court_feedback, is_court_case)
        .Case(this.send_referral_result, is_referred_case)
        .Default(this.archive)
    )
    # casedesk.documents issues the feedback letter when a court case closes, and the letter on the
    # result when a case another body referred closes; someone sends it.
    send_court_feedback = (
        step_task("court_feedback_sent").Permission(SUPERVISE)
        .Next(this.archive)
    )
    send_referral_result = (
        step_task("referral_result_sent").Permission(SUPERVISE)
        .Next(this.archive)
    )
    archive = (
        CaseTask(waits_in=[S.CLOSED], done_by=["archive", "reopen"])
        .Annotation(title=_("Archive the case file")).Permission(SUPERVISE)
        .Next(this.where_is_the_case)
    )
    end = flow.End()

    # A missed statutory deadline: flagged in the case's audit chain, then a supervisor looks.
    acceptance_overdue = flow.Function(timers.flag_overdue(ACCEPTANCE)).Next(this.flagged, task_data=timers.overdue_data)
    mediation_overdue = flow.Function(timers.flag_overdue(MEDIATION)).Next(this.flagged, task_data=timers.overdue_data)
    confirmation_overdue = (
        flow.Function(timers.flag_overdue(CONFIRMATION_APPLICATION)).Next(this.flagged, task_data=timers.overdue_data)
    )
    flagged = flow.If(timers.was_flagged).Then(this.review_overdue, task_data=timers.overdue_data).Else(this.overdue_end)
    review_overdue = (
        OverdueReview().Annotation(title=_("Review the overdue case")).Permission(SUPERVISE).Next(this.overdue_end)
    )
    overdue_end = flow.End()

    def start_case(self, activation, case):
        activation.process.artifact = case
        return activation.process

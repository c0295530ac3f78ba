"""What each kind of document says about a case, and whether it makes sense in the case's state.

`contents(case, kind)` returns the template context for the kind, or raises
TransitionNotAllowed (→ 409) when the case has nothing such a document could say.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casedesk.cases import access, calendar, labels, limitation, performance
from casedesk.cases.choices import FINISHED_STATES, PAYMENT_ORDER_CLAIMS, Outcome, PerformanceMethod, Status
from casedesk.cases.errors import TransitionNotAllowed
from casedesk.cases.models import CaseEvent
from casedesk.cases.pending import MEDIATION_PENDING
from casedesk.web.event_details import describe

from .kinds import WITH_PERSONAL_DATA, Kind

NO_AGREEMENT = _("There is no agreement on this case.")
NOT_ACCEPTED = _("This case has not been accepted.")
NOT_REJECTED = _("This case was not rejected.")
NO_SESSION = _("Record a mediation session first.")
NO_SCHEDULED_SESSION = _("Schedule a mediation session first.")
NOT_TERMINATED = _("Mediation on this case has not ended without an agreement.")
NOT_COURT_CASE = _("Only a case referred by a court gets a feedback letter.")
NOT_REFERRED = _("Only a case referred by another body gets a letter on the result.")
NO_RESULT_YET = _("The feedback letter is written once mediation has a result.")
NO_RESULT_FOR_BODY_YET = _("The letter on the result is written once mediation has a result.")
NOT_CLOSED = _("This case is not closed yet.")
NOT_PERFORMED_YET = _("Record that the employer did not perform the agreement first.")
NO_PAYMENT_ORDER_CLAIM = _(
    "A payment order is only for unpaid wages, work-injury medical costs, economic compensation or damages: "
    "this case claims none of them; the worker's path is arbitration on the agreement."
)

ENDING_ACTIONS = ("record_failure", "court_reject", "withdraw")


def user_name(user):
    return (user.get_full_name() or user.username) if user else ""


def _parties(case, full):
    """The applicants as this case registered them (or as corrected since): their own rows."""
    applicants = []
    for applicant in case.applicants.select_related("person").order_by("position", "id"):
        person = applicant.person
        applicants.append({
            "id": applicant.pk,
            "number": applicant.number,
            "name": applicant.name,
            "id_type": person.get_id_type_display(),
            "id_type_code": person.id_type,
            "id_number": access.masked_id_number(person.id_number, full),
            "id_verified": person.id_verified,
            "phone": access.masked_phone(applicant.phone, full),
            "bank_account": access.masked_bank_account(applicant.bank_account, full),
            "address": applicant.address,
            "job": applicant.job,
            "employment_form": applicant.get_employment_form_display(),
        })
    return applicants


def _respondent(case, full):
    """The employer as this case registered it; the credit code is the employer's identity."""
    respondent = case.respondent
    return {
        "name": respondent.name, "uscc": case.employer.uscc, "address": respondent.address,
        "legal_representative": respondent.legal_representative,
        "legal_representative_title": respondent.legal_representative_title,
        "contact_name": respondent.contact_name,
        "contact_phone": access.masked_phone(respondent.contact_phone, full),
    }


def _latest_event(case, *actions):
    events = _prefetched(case, "events")
    if events is not None:
        return max((e for e in events if e.action in actions), key=lambda e: e.seq, default=None)
    return CaseEvent.objects.filter(case=case, action__in=actions).order_by("-seq").first()


def _prefetched(case, name):
    """The rows of `case.<name>` when the case was read with them (the case page's case_details), else None."""
    return getattr(case, "_prefetched_objects_cache", {}).get(name)


def _latest_session(case):
    sessions = _prefetched(case, "sessions")
    if sessions is not None:
        session = max(sessions, key=lambda s: (s.held_at, s.pk), default=None)
    else:
        session = case.sessions.select_related("mediator").order_by("-held_at", "-id").first()
    if session is None:
        raise TransitionNotAllowed(NO_SESSION)
    return session


def _latest_agreement(case):
    agreements = _prefetched(case, "agreements")
    if agreements is not None:
        agreement = max(agreements, key=lambda a: (a.created_at, a.pk), default=None)
    else:
        agreement = case.agreements.prefetch_related("instalments", "shares").order_by("-created_at", "-id").first()
    if agreement is None:
        raise TransitionNotAllowed(NO_AGREEMENT)
    return agreement


def _referral(case):
    return getattr(case, "court_referral", None) if case.is_court_case else None


def _finished_as(case, *outcomes):
    return case.status in FINISHED_STATES and case.outcome in outcomes


def contents(case, kind):
    """The context for `kind`'s template: the parties, and what the kind needs."""
    full = kind in WITH_PERSONAL_DATA
    context = {
        "case": case,
        "employer": _respondent(case, full),
        "applicants": _parties(case, full=full),
        "collective": case.is_collective,
        "claims": list(case.claims.all()),
        "mediator_name": user_name(case.mediator),
        "referral": _referral(case),
        "referral_word": labels.referral_verb(case),
        "confirmation_days": settings.CASEDESK_CONFIRMATION_DAYS,
        "submitted_on": timezone.localdate(case.submitted_at),
    }
    # The workers' wage accounts: where an agreement's payments go.
    context["payment_accounts"] = [a for a in context["applicants"] if a["bank_account"]]
    context["employer_phone"] = context["employer"]["contact_phone"]
    context.update(BUILDERS[kind](case))
    if "agreement" in context and context["agreement"] is not None:
        context.update(_performance(context["agreement"], context["applicants"], full, case.is_collective))
    return context


def _performance(agreement, applicants, full, collective):
    """Each worker's share, the payee account as this document may print it, and whether the workers'
    table of a collective case carries their own accounts (a transfer to each worker's account)."""
    shares = {share.applicant_id: share.amount for share in agreement.shares.all()}
    for applicant in applicants:
        applicant["share"] = shares.get(applicant["id"])
    to_own_accounts = agreement.performance_method == PerformanceMethod.TRANSFER and not agreement.payee_account
    return {
        "has_shares": bool(shares), "payee_account": access.masked_bank_account(agreement.payee_account, full),
        "to_own_accounts": to_own_accounts, "with_accounts": collective and to_own_accounts,
    }


def _acceptance_notice(case):
    if case.accepted_on is None or case.status == Status.REJECTED:
        raise TransitionNotAllowed(NOT_ACCEPTED)
    due = case.mediation_due
    # A date counted in a year whose holiday schedule is not loaded yet says so.
    estimated = due.year if due and not calendar.covers(due.year) else None
    return {"mediation_days": settings.CASEDESK_MEDIATION_DAYS, "mediation_estimated": estimated}


def _rejection_notice(case):
    if not (case.status == Status.REJECTED or _finished_as(case, Outcome.REJECTED)):
        raise TransitionNotAllowed(NOT_REJECTED)
    event = _latest_event(case, "reject")
    return {"reason": event.data.get("reason", "") if event else "", "decided_at": event.at if event else None,
            "limitation": limitation.of(case)}


def _scheduled_session(case):
    """The session the notice announces: the latest one scheduled (the step "session_scheduled"), else,
    for a case whose sessions were only recorded, the latest one held."""
    event = _latest_event(case, "session_scheduled")
    if event is None:
        return None
    return {"held_at": datetime.datetime.fromisoformat(str(event.data["scheduled_for"])),
            "place": event.data.get("place", "")}


def _mediation_notice(case):
    scheduled = _scheduled_session(case)
    if scheduled is not None:
        return {"session": scheduled, "session_mediator": user_name(case.mediator)}
    if not case.sessions.exists():
        raise TransitionNotAllowed(NO_SCHEDULED_SESSION)
    return _session_record(case)


def _session_record(case):
    session = _latest_session(case)
    return {"session": session, "session_mediator": user_name(session.mediator)}


def _agreement(case):
    agreement = _latest_agreement(case)
    return {"agreement": agreement, "instalments": list(agreement.instalments.all())}


def _termination(case):
    ended = case.status in (Status.FAILED, Status.WITHDRAWN) or _finished_as(case, Outcome.FAILED, Outcome.WITHDRAWN)
    event = _latest_event(case, *ENDING_ACTIONS)
    if not ended or event is None:
        raise TransitionNotAllowed(NOT_TERMINATED)
    return {"ending": event.action, "reason": event.data.get("reason", ""), "ended_at": event.at,
            "limitation": limitation.of(case)}


def _confirmation_application(case):
    context = _agreement(case)
    agreement, referral = context["agreement"], _referral(case)
    context["court"] = agreement.confirmation_court or (referral.court if referral else "")
    return context


def _court_feedback(case):
    if not case.is_court_case:
        raise TransitionNotAllowed(NOT_COURT_CASE)
    return {**_mediation_result(case, NO_RESULT_YET), "title": labels.document_name(Kind.COURT_FEEDBACK, case)}


def _referral_result(case):
    """The union's letter on the result to the body that referred the case ("工会+N")."""
    referral = getattr(case, "referral", None)
    if referral is None:
        raise TransitionNotAllowed(NOT_REFERRED)
    return {**_mediation_result(case, NO_RESULT_FOR_BODY_YET), "body_referral": referral}


def _mediation_result(case, pending):
    """How mediation ended, as a letter to whoever referred the case tells it (a court, another body):
    settled with the agreement, not accepted, withdrawn, or failed with the points in dispute."""
    if case.status in MEDIATION_PENDING:
        raise TransitionNotAllowed(pending)
    context = {"agreement": None, "reason": ""}
    agreement = case.agreements.order_by("-created_at", "-id").first()
    settled = case.status in (Status.AGREED, Status.CONFIRMING, Status.CONFIRMED) or _finished_as(
        case, Outcome.SETTLED
    )
    if settled and agreement is not None:
        context.update(result="settled", agreement=agreement)
    elif case.status == Status.REJECTED or _finished_as(case, Outcome.REJECTED):
        event = _latest_event(case, "reject")
        context.update(result="rejected", reason=event.data.get("reason", "") if event else "",
                       ended_at=event.at if event else None)
    else:
        event = _latest_event(case, *ENDING_ACTIONS)
        data = event.data if event else {}
        withdrawn = event is not None and event.action == "withdraw"
        context.update(
            result="withdrawn" if withdrawn else "failed", reason=data.get("reason", ""),
            ended_at=event.at if event else None,
            # What the court asks for when mediation failed: the employer's side and the points in dispute.
            employer_position=data.get("employer_position", ""), points_in_dispute=data.get("points_in_dispute", ""),
        )
    return context


def timeline(case):
    """The case's events in words: each with its label, its facts, and for a document its title and number."""
    events = list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("seq"))
    rows = []
    for e, text in zip(events, describe(events), strict=True):
        document = e.action == "document"
        rows.append({
            "seq": e.seq, "at": e.at, "action": e.action, "actor": user_name(e.actor), "hash": e.hash,
            "label": text.label, "details": text.details, "from_state": text.from_state, "to_state": text.to_state,
            "summary": f"{labels.document_title(e.data.get('kind'), case)} {e.data.get('number', '')}" if document else "",
        })
    return rows


def _closing_report(case):
    if case.status not in FINISHED_STATES:
        raise TransitionNotAllowed(NOT_CLOSED)
    return {"events": timeline(case), "agreement": case.agreements.order_by("-created_at", "-id").first()}


def _payment_order_application(case):
    """The worker's application to the basic court for a payment order on the unperformed agreement (Art.16)."""
    if case.non_performance_on is None:
        raise TransitionNotAllowed(NOT_PERFORMED_YET)
    claims = [c for c in case.claims.all() if c.kind in PAYMENT_ORDER_CLAIMS]
    if not claims:
        raise TransitionNotAllowed(NO_PAYMENT_ORDER_CLAIM)
    context = _agreement(case)
    agreement, referral = context["agreement"], _referral(case)
    found = performance.of(agreement)
    issued = agreement_document(case)
    context.update(
        performance=found, outstanding=found.outstanding, payment_order_claims=claims,
        agreement_number=issued.number if issued else "",
        missed=[row for row in found.instalments if row.status == performance.InstalmentStatus.MISSED],
        court=referral.court if referral else (agreement.confirmation_court or ""),
    )
    return context


def _arbitration_guide(case):
    """The worker's right to arbitration on the unperformed agreement (Art.15), the commission, the year to
    apply counted from the first instalment missed, and what to bring."""
    if case.non_performance_on is None:
        raise TransitionNotAllowed(NOT_PERFORMED_YET)
    context = _agreement(case)
    found = performance.of(context["agreement"])
    runs = limitation.on_the_agreement(case)
    issued = agreement_document(case)
    context.update(
        performance=found, outstanding=found.outstanding, agreement_number=issued.number if issued else "",
        commission=settings.CASEDESK_ARBITRATION_COMMISSION, counts_from=runs[0] if runs else None,
        last_day=runs[1] if runs else None, last_day_estimated=runs[2] if runs else False,
        payment_order=any(c.kind in PAYMENT_ORDER_CLAIMS for c in case.claims.all()),
    )
    return context


def agreement_document(case):
    """The agreement as the desk issued it (its number is the agreement's), the latest version."""
    return case.documents.filter(kind=Kind.AGREEMENT).order_by("-version").first()


BUILDERS = {
    Kind.ACCEPTANCE_NOTICE: _acceptance_notice,
    Kind.REJECTION_NOTICE: _rejection_notice,
    Kind.MEDIATION_NOTICE: _mediation_notice,
    Kind.SESSION_RECORD: _session_record,
    Kind.AGREEMENT: _agreement,
    Kind.TERMINATION: _termination,
    Kind.CONFIRMATION_APPLICATION: _confirmation_application,
    Kind.COURT_FEEDBACK: _court_feedback,
    Kind.REFERRAL_RESULT: _referral_result,
    Kind.CLOSING_REPORT: _closing_report,
    Kind.CASE_FILE: _closing_report,
    Kind.PAYMENT_ORDER_APPLICATION: _payment_order_application,
    Kind.ARBITRATION_GUIDE: _arbitration_guide,
}

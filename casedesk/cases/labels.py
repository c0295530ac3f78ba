"""The one vocabulary: the words users read for every code the desk stores, for pages, CSV
exports and PDFs alike (msgids in English, Chinese in locale/zh_Hans).

What an event is called comes from its declaration (a transition on casedesk.cases.models.Case,
or a step in casedesk.cases.steps); everything else that has a code is named here.
"""

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from . import corrections, deadlines, step_forms, steps, transitions
from .choices import (
    Category,
    Channel,
    DocumentKind,
    EmploymentForm,
    IdType,
    Outcome,
    PaymentMethod,
    PerformanceMethod,
    ReferralKind,
    ReferringBody,
    Status,
    VisitMethod,
)

OTHER_DETAIL = _("Other detail")
APPLICANT_NUMBER = _("Applicant %(n)s")


def event_label(action):
    """The name of an audit event: its transition's or step's declared label."""
    declared = transitions.declarations().get(action) or steps.STEPS.get(action)
    return declared.event if declared else _("Other event")


def action_button(name):
    """The label of the button that takes a transition or a step."""
    declared = transitions.declarations().get(name) or steps.STEPS.get(name)
    return declared.button if declared else name


def event_labels():
    """{action: label} for every event the desk can write."""
    labels = {step.name: step.event for step in steps.STEPS.values()}
    labels.update({d.name: d.event for d in transitions.declarations().values()})
    return labels


STATES = dict(Status.choices)


def state_label(value):
    return STATES.get(value, "") if value else ""


# A case's state and its next step as the worker who applied online reads them (/track/,
# casedesk.portal): plain words, without the desk's terms ("待受理" is the desk's queue; the worker
# has "已提交").
WORKER_STATES = {
    Status.SUBMITTED: pgettext_lazy("for the worker", "Submitted"),
    Status.ACCEPTED: pgettext_lazy("for the worker", "Accepted"),
    Status.REJECTED: pgettext_lazy("for the worker", "Not accepted"),
    Status.MEDIATING: pgettext_lazy("for the worker", "In mediation"),
    Status.AGREED: pgettext_lazy("for the worker", "Agreement reached"),
    Status.FAILED: pgettext_lazy("for the worker", "Mediation ended without agreement"),
    Status.WITHDRAWN: pgettext_lazy("for the worker", "Withdrawn"),
    Status.CONFIRMING: pgettext_lazy("for the worker", "Awaiting the court's confirmation"),
    Status.CONFIRMED: pgettext_lazy("for the worker", "Confirmed by the court"),
    Status.CLOSED: pgettext_lazy("for the worker", "Closed"),
    Status.ARCHIVED: pgettext_lazy("for the worker", "Closed"),
}
WORKER_NEXT_STEPS = {
    Status.SUBMITTED: _("The union decides whether to accept your application."),
    Status.ACCEPTED: _("The union assigns a mediator to your case."),
    Status.REJECTED: _("The union did not accept the application; the notice gives the reason. You may apply "
                       "for labour arbitration."),
    Status.MEDIATING: _("Your mediator will contact you to mediate with the employer."),
    Status.AGREED: _("The employer carries out the agreement."),
    Status.FAILED: _("Mediation has ended. You may apply for labour arbitration."),
    Status.WITHDRAWN: _("The application was withdrawn."),
    Status.CONFIRMING: _("The court reviews the agreement."),
    Status.CONFIRMED: _("The employer carries out the agreement."),
    Status.CLOSED: _("The case is closed."),
    Status.ARCHIVED: _("The case is closed."),
}


def worker_state_label(value):
    return WORKER_STATES.get(value, "") if value else ""


DEADLINES = {
    "acceptance": _("Decision on acceptance"),
    "mediation": _("End of mediation"),
    "confirmation_application": _("Application for judicial confirmation"),
    "performance": _("Performance of the agreement"),
    "instalment": _("Payment of an instalment"),
    "limitation": _("Limitation period for arbitration"),
}


def _due_soon():
    days = deadlines.due_soon_working_days()
    return ngettext("Due within %(days)d working day", "Due within %(days)d working days", days) % {"days": days}


# What "due soon" means, in words, from the one setting (casedesk.cases.deadlines.due_soon_until).
DUE_SOON = lazy(_due_soon, str)()

DOCUMENT_KINDS = dict(DocumentKind.choices)
# The title a document prints at its head where it is longer than its name in lists; the case
# file's own parts ("index", "timeline") too.
DOCUMENT_TITLES = {
    DocumentKind.CASE_FILE: _("Labour dispute mediation case file"),
    "index": _("Index of the file"),
    "timeline": _("Record of the handling of the case (audit timeline)"),
}


def document_title(kind, case=None):
    """The title a document prints at its head (with its case: the court letter's name for its referral)."""
    if case is not None and kind == DocumentKind.COURT_FEEDBACK:
        return document_name(kind, case)
    return DOCUMENT_TITLES.get(kind) or DOCUMENT_KINDS.get(kind) or _("Document")


# A court's referral, as the documents name it: one name per kind, on every page, list and PDF.
REFERRAL_VERBS = {
    ReferralKind.PRE_LITIGATION: pgettext_lazy("court referral", "delegated"),
    ReferralKind.COMMISSIONED: pgettext_lazy("court referral", "commissioned"),
}
COURT_FEEDBACK_NAMES = {
    ReferralKind.PRE_LITIGATION: _("Feedback letter on delegated mediation"),
    ReferralKind.COMMISSIONED: _("Feedback letter on commissioned mediation"),
}


def referral_kind(case):
    referral = getattr(case, "court_referral", None) if case is not None and case.is_court_case else None
    return referral.kind if referral else ""


def referral_verb(case):
    return REFERRAL_VERBS.get(referral_kind(case), "")


def document_name(kind, case=None, *, referral=None):
    """What a document of `kind` is called for `case` (or for a referral of kind `referral`): the
    court's feedback letter is 委派 or 委托 as the court referred the case."""
    if kind == DocumentKind.COURT_FEEDBACK:
        named = COURT_FEEDBACK_NAMES.get(referral if referral is not None else referral_kind(case))
        if named:
            return named
    return DOCUMENT_KINDS.get(kind) or _("Document")

# The court-referred cases' figures in the statistics.
COURT_OUTCOMES = {
    "total": _("Referred by a court"),
    "agreed": _("Agreement reached"),
    "failed": _("Returned without agreement"),
    "pending": _("Still in mediation"),
}

ACCESS_ACTIONS = {
    "view_case": _("Viewed a case unmasked"),
    "download_document": _("Downloaded a document with personal data"),
    "export_cases": _("Exported the case list"),
    "export_timeline": _("Exported a case's timeline"),
    "export_annual_workbook": _("Exported the annual workbook"),
    "download_export": _("Downloaded an export file"),
    "identity_lookup": _("Looked up a document number at registration"),
    "view_consultation": _("Viewed a consultation's phone unmasked"),
    "export_consultations": _("Exported consultations"),
    "download_evidence": _("Downloaded evidence sent with an online application"),
}

# What an identity look-up's access-log row says (casedesk.cases.identities), in words.
LOOKUP_DETAILS = {
    "where": {
        "registration_page": _("the registration form"), "typing": _("typing on the registration form"),
        "api": _("the API's registration"), "correction": _("a worker added to a case"),
        "portal": _("the online application"),
    },
    "answer": {
        "new": _("not on record: nothing said"), "same_name": _("on record under the same name: nothing said"),
        "other_name": _("on record under another name: told so, without the name"),
        "other_name_shown": _("on record under another name: the recorded name shown (supervisor)"),
    },
    "id_type": dict(IdType.choices),
}


@dataclass(frozen=True)
class DataKey:
    """A key an audit event's data may carry: its label, and how its value reads (`shown`).

    shown: text, money, date, datetime, user, count, bool, list, instalments, shares, previous,
    corrected (a corrected value: a date or an employment form in words), hidden, or a code list named in CODES (state, channel, …). Hidden keys are references kept for the
    machine (row ids, hashes): the timeline does not print them.
    """

    label: str
    shown: str = "text"


CODES = {
    "state": STATES,
    "channel": dict(Channel.choices),
    "referring_body": dict(ReferringBody.choices),
    "category": dict(Category.choices),
    "outcome": dict(Outcome.choices),
    "employment_form": dict(EmploymentForm.choices),
    "document_kind": DOCUMENT_KINDS,
    "deadline_kind": DEADLINES,
    "means": dict(step_forms.EmployerNoticeForm.MEANS),
    "performance_method": dict(PerformanceMethod.choices),
    "payment_method": dict(PaymentMethod.choices),
    "visit_method": dict(VisitMethod.choices),
    "party": dict(corrections.PARTIES),
    "party_field": corrections.FIELDS,
}

DATA_KEYS = {
    # registration
    "channel": DataKey(_("channel"), "channel"),
    "category": DataKey(_("category"), "category"),
    "applicants": DataKey(_("applicants"), "count"),
    "claimed_total": DataKey(_("Amount claimed"), "money"),
    "possible_duplicates": DataKey(_("possibly the same dispute as"), "list"),
    "name_differs": DataKey(_("applicants registered under a name other than the one on record"), "list"),
    "staff_applicants": DataKey(_("applicants holding a member of staff's document"), "list"),
    "referring_body": DataKey(_("referring body"), "referring_body"),
    "reference_number": DataKey(_("reference number")),
    # transitions
    "reason": DataKey(_("reason")),
    # A transfer (转办): the units by name as they were called then; their ids for the machine.
    "from_unit": DataKey(_("from unit"), "hidden"),
    "from_unit_name": DataKey(_("from unit")),
    "to_unit": DataKey(_("to unit"), "hidden"),
    "to_unit_name": DataKey(_("to unit")),
    "mediator": DataKey(_("mediator"), "user"),
    "mediator_name": DataKey(_("mediator"), "hidden"),  # the name at the time; "mediator" shows it
    "previous_mediator": DataKey(_("previous mediator"), "user"),
    "until": DataKey(_("new mediation deadline"), "date"),
    "parties_consent": DataKey(_("both parties consent"), "bool"),
    "previous_due": DataKey(_("previous deadline"), "date"),
    "long_extension_confirmed": DataKey(_("extension longer than the period itself, confirmed"), "bool"),
    "mediation_due": DataKey(_("mediation deadline"), "date"),
    "terms": DataKey(_("agreed terms")),
    "above_claim_confirmed": DataKey(_("amount above the claims, confirmed"), "bool"),
    "amount": DataKey(_("amount"), "money"),
    "signed_on": DataKey(_("signed on"), "date"),
    "performance_due": DataKey(_("performance due"), "date"),
    "instalments": DataKey(_("instalments"), "instalments"),
    "shares": DataKey(_("each worker's share"), "shares"),
    "performance_method": DataKey(_("performance method"), "performance_method"),
    "performance_place": DataKey(_("place of performance")),
    "payee_account": DataKey(_("payee account")),  # masked by the form that writes it
    "confirmation_due": DataKey(_("apply for judicial confirmation by"), "date"),
    "agreement": DataKey(_("agreement"), "hidden"),
    "court": DataKey(_("court")),
    "applied_on": DataKey(_("applied on"), "date"),
    "ruling_number": DataKey(_("ruling number")),
    "ruled_on": DataKey(_("ruled on"), "date"),
    "outcome": DataKey(_("outcome"), "outcome"),
    "recovered_amount": DataKey(_("amount recovered"), "money"),
    "previous": DataKey(_("before reopening"), "previous"),
    # steps
    "session": DataKey(_("session"), "hidden"),
    "held_at": DataKey(_("held at"), "datetime"),
    "place": DataKey(_("place")),
    "note": DataKey(_("note")),
    "scheduled_for": DataKey(_("session date and time"), "datetime"),
    "notified_on": DataKey(_("notified on"), "date"),
    "means": DataKey(_("how"), "means"),
    "sent_on": DataKey(_("sent to the court on"), "date"),
    "kind": DataKey(_("document"), "document_kind"),
    "number": DataKey(_("Document number")),
    "version": DataKey(_("version"), "count"),
    "sha256": DataKey(_("SHA-256"), "hidden"),
    "deadline": DataKey(_("deadline"), "deadline_kind"),
    "due": DataKey(_("due"), "date"),
    "employer_position": DataKey(_("the employer's position")),
    "points_in_dispute": DataKey(_("points in dispute")),
    "year": DataKey(_("holiday schedule of the year"), "count"),
    "source": DataKey(_("published in")),
    "starts_on": DataKey(_("suspended from"), "date"),
    "ends_on": DataKey(_("reason lasted until"), "date"),
    # the desk asked the worker of an online application for more, and the worker answered (casedesk.portal)
    "information_request": DataKey(_("request"), "hidden"),
    "files_added": DataKey(_("evidence files sent"), "count"),
    # a payment against the agreement, or its reversal (casedesk.payments)
    "payment": DataKey(_("payment"), "hidden"),
    "reverses": DataKey(_("payment reversed"), "hidden"),
    "paid_on": DataKey(_("paid on"), "date"),
    "method": DataKey(_("method"), "payment_method"),
    "instalment": DataKey(_("instalment"), "count"),
    "overpayment_reason": DataKey(_("reason for paying more than is outstanding")),
    "paid": DataKey(_("paid on the agreement so far"), "money"),
    "outstanding": DataKey(_("outstanding"), "money"),
    "contacted_on": DataKey(_("contacted on"), "date"),
    "result": DataKey(_("what the employer said or promised")),
    "unpaid_due": DataKey(_("instalment missed, due on"), "date"),
    "visit": DataKey(_("return visit"), "hidden"),
    "visited_on": DataKey(_("visited on"), "date"),
    "visit_method": DataKey(pgettext_lazy("return visit", "how"), "visit_method"),
    "money_received": DataKey(_("the worker received the money"), "bool"),
    "satisfaction": DataKey(_("the worker's satisfaction (1 to 5)"), "count"),
    # a party's data corrected
    "party": DataKey(_("whose data was corrected"), "party"),
    "applicant": DataKey(_("applicant number"), "count"),
    "claim": DataKey(_("claim number"), "count"),
    "field": DataKey(_("field corrected"), "party_field"),
    "before": DataKey(_("before the correction"), "corrected"),
    "after": DataKey(_("after the correction"), "corrected"),
}

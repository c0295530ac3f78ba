"""The one vocabulary: the words users read for every code the desk stores, for pages, CSV
exports and PDFs alike (msgids in English, Chinese in locale/zh_Hans).

What an event is called comes from its declaration (a transition on casedesk.cases.models.Case,
or a step in casedesk.cases.steps); everything else that has a code is named here.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import step_forms, steps, transitions
from .choices import Category, Channel, DocumentKind, EmploymentForm, Outcome, Status

OTHER_DETAIL = _("Other detail")


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


DEADLINES = {
    "acceptance": _("Decision on acceptance"),
    "mediation": _("End of mediation"),
    "confirmation_application": _("Application for judicial confirmation"),
    "performance": _("Performance of the agreement"),
    "limitation": _("Limitation period for arbitration"),
}

DOCUMENT_KINDS = dict(DocumentKind.choices)
# The title a document prints at its head where it is longer than its name in lists; the case
# file's own parts ("index", "timeline") too.
DOCUMENT_TITLES = {
    DocumentKind.CASE_FILE: _("Labour dispute mediation case file"),
    "index": _("Index of the file"),
    "timeline": _("Record of the handling of the case (audit timeline)"),
}


def document_title(kind):
    return DOCUMENT_TITLES.get(kind) or DOCUMENT_KINDS.get(kind) or _("Document")

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
    "view_consultation": _("Viewed a consultation's phone unmasked"),
    "export_consultations": _("Exported consultations"),
}


@dataclass(frozen=True)
class DataKey:
    """A key an audit event's data may carry: its label, and how its value reads (`shown`).

    shown: text, money, date, datetime, user, count, bool, list, instalments, previous, hidden,
    or a code list named in CODES (state, channel, …). Hidden keys are references kept for the
    machine (row ids, hashes): the timeline does not print them.
    """

    label: str
    shown: str = "text"


CODES = {
    "state": STATES,
    "channel": dict(Channel.choices),
    "category": dict(Category.choices),
    "outcome": dict(Outcome.choices),
    "employment_form": dict(EmploymentForm.choices),
    "document_kind": DOCUMENT_KINDS,
    "deadline_kind": DEADLINES,
    "means": dict(step_forms.EmployerNoticeForm.MEANS),
}

DATA_KEYS = {
    # registration
    "channel": DataKey(_("channel"), "channel"),
    "category": DataKey(_("category"), "category"),
    "applicants": DataKey(_("applicants"), "count"),
    "claimed_total": DataKey(_("Amount claimed"), "money"),
    "possible_duplicates": DataKey(_("possibly the same dispute as"), "list"),
    # transitions
    "reason": DataKey(_("reason")),
    "mediator": DataKey(_("mediator"), "user"),
    "mediator_name": DataKey(_("mediator"), "hidden"),  # the name at the time; "mediator" shows it
    "previous_mediator": DataKey(_("previous mediator"), "user"),
    "until": DataKey(_("new mediation deadline"), "date"),
    "parties_consent": DataKey(_("both parties consent"), "bool"),
    "previous_due": DataKey(_("previous deadline"), "date"),
    "mediation_due": DataKey(_("mediation deadline"), "date"),
    "terms": DataKey(_("agreed terms")),
    "amount": DataKey(_("amount"), "money"),
    "signed_on": DataKey(_("signed on"), "date"),
    "performance_due": DataKey(_("performance due"), "date"),
    "instalments": DataKey(_("instalments"), "instalments"),
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
}

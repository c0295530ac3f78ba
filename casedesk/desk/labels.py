"""Names the desk shows for actions, timeline events and deadlines (msgids; Chinese in the .po)."""

from django.utils.translation import gettext_lazy as _

from casedesk.cases.labels import EVENT_LABELS

ACTIONS = {
    "accept": _("Accept"),
    "reject": _("Do not accept"),
    "assign": _("Assign a mediator"),
    "reassign": _("Reassign"),
    "extend": _("Extend mediation"),
    "reach_agreement": _("Record the agreement"),
    "record_failure": _("Mediation failed"),
    "withdraw": _("Withdraw"),
    "apply_confirmation": _("Apply for judicial confirmation"),
    "court_confirm": _("Court confirmed"),
    "court_reject": _("Court rejected"),
    "close": _("Close the case"),
    "archive": _("Archive"),
    "reopen": _("Reopen"),
}

# Actions that end or turn down something: shown apart, in the warning colour.
CAUTION = frozenset({"reject", "record_failure", "withdraw", "court_reject"})

EVENTS = EVENT_LABELS

# The facts of an event worth a line on the timeline, in this order.
EVENT_DETAILS = {
    "reason": _("reason"),
    "mediator_name": _("mediator"),
    "until": _("new mediation deadline"),
    "amount": _("amount"),
    "performance_due": _("performance due"),
    "court": _("court"),
    "ruling_number": _("ruling number"),
    "recovered_amount": _("amount recovered"),
    "place": _("place"),
    "kind": _("document"),
    "number": _("Document number"),
    "claimed_total": _("Amount claimed"),
}

AMOUNT_DETAILS = frozenset({"amount", "recovered_amount", "claimed_total"})
DATE_DETAILS = frozenset({"until", "performance_due"})

DEADLINES = {
    "acceptance": _("Decision on acceptance"),
    "mediation": _("End of mediation"),
    "confirmation_application": _("Application for judicial confirmation"),
    "performance": _("Performance of the agreement"),
    "limitation": _("Limitation period for arbitration"),
}

DONE = _("%(action)s: done.")
CHOOSE_MEDIATOR = _("Choose a mediator")


def document_kind(value):
    """A document kind's name, from the documents package when it is installed."""
    try:
        from casedesk.documents.kinds import Kind
    except ImportError:
        return value
    return Kind(value).label if value in Kind.values else value

"""Words for the codes the reports show (English msgids; the desk shows them in Chinese)."""

from django.utils.translation import gettext_lazy as _

from casedesk.cases.deadlines import ACCEPTANCE, CONFIRMATION_APPLICATION, LIMITATION, MEDIATION, PERFORMANCE

ACTION_LABELS = {
    "create": _("Registered"),
    "accept": _("Accepted"),
    "reject": _("Not accepted"),
    "assign": _("Mediator assigned"),
    "reassign": _("Mediator changed"),
    "extend": _("Mediation extended"),
    "reach_agreement": _("Agreement reached"),
    "record_failure": _("Mediation failed"),
    "withdraw": _("Withdrawn"),
    "apply_confirmation": _("Judicial confirmation applied for"),
    "court_confirm": _("Confirmed by the court"),
    "court_reject": _("Confirmation refused by the court"),
    "close": _("Closed"),
    "archive": _("Archived"),
    "reopen": _("Reopened"),
    "document": _("Document issued"),
}

DEADLINE_LABELS = {
    ACCEPTANCE: _("Decision on acceptance"),
    MEDIATION: _("End of mediation"),
    CONFIRMATION_APPLICATION: _("Application for judicial confirmation"),
    PERFORMANCE: _("Performance of the agreement"),
    LIMITATION: _("Limitation period for arbitration"),
}

COURT_OUTCOME_LABELS = {
    "total": _("Referred by a court"),
    "agreed": _("Agreement reached"),
    "failed": _("Returned without agreement"),
    "pending": _("Still in mediation"),
}

"""Words for the codes the reports show (English msgids; the desk shows them in Chinese)."""

from django.utils.translation import gettext_lazy as _

from casedesk.cases.deadlines import ACCEPTANCE, CONFIRMATION_APPLICATION, LIMITATION, MEDIATION, PERFORMANCE
from casedesk.cases.labels import EVENT_LABELS

ACTION_LABELS = EVENT_LABELS

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

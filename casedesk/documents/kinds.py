"""The documents (文书) the desk produces (DOMAIN.md "Documents") and what each is called."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ACCEPTANCE_NOTICE = "acceptance_notice", _("Acceptance notice")
    REJECTION_NOTICE = "rejection_notice", _("Rejection notice")
    MEDIATION_NOTICE = "mediation_notice", _("Mediation session notice")
    SESSION_RECORD = "session_record", _("Mediation session record")
    AGREEMENT = "agreement", _("Mediation agreement")
    TERMINATION = "termination", _("Notice of termination of mediation")
    CONFIRMATION_APPLICATION = "confirmation_application", _("Application for judicial confirmation")
    COURT_FEEDBACK = "court_feedback", _("Feedback letter to the court")
    CLOSING_REPORT = "closing_report", _("Closing report")
    CASE_FILE = "case_file", _("Case file")


# The character each kind adds to the document number: 〔2026〕某工调受字第0001号.
NUMBER_CODES = {
    Kind.ACCEPTANCE_NOTICE: "受",
    Kind.REJECTION_NOTICE: "不受",
    Kind.MEDIATION_NOTICE: "通",
    Kind.SESSION_RECORD: "录",
    Kind.AGREEMENT: "协",
    Kind.TERMINATION: "终",
    Kind.CONFIRMATION_APPLICATION: "确",
    Kind.COURT_FEEDBACK: "函",
    Kind.CLOSING_REPORT: "结",
    Kind.CASE_FILE: "卷",
}

# Documents for the parties or the court that must carry full ID numbers and phones; the
# others mask them. Only users who see the case unmasked may issue or download these.
WITH_PERSONAL_DATA = frozenset({Kind.AGREEMENT, Kind.CONFIRMATION_APPLICATION, Kind.CASE_FILE})

"""Words for what happened to a case: one label per audit action, for every page and report."""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
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
    "court_confirm": _("Judicially confirmed"),
    "court_reject": _("Court rejected the agreement"),
    "close": _("Closed"),
    "archive": _("Archived"),
    "reopen": _("Reopened"),
    "record_session": _("Session recorded"),
    # Written by the documents package and the workflows (same msgids as theirs).
    "document": _("Document issued"),
    "overdue": _("Deadline missed"),
    "overdue_reviewed": _("Overdue case reviewed"),
    "evidence_gathered": _("Evidence gathered"),
    "session_scheduled": _("Session scheduled"),
    "employer_notified": _("Employer notified"),
    "court_feedback_sent": _("Feedback sent"),
}

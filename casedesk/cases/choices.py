"""The closed vocabularies of a case: states, channels, categories and the like (DESIGN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    MEDIATING = "mediating", _("Mediating")
    AGREED = "agreed", _("Agreed")
    FAILED = "failed", _("Failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CONFIRMING = "confirming", _("Awaiting judicial confirmation")
    CONFIRMED = "confirmed", _("Judicially confirmed")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


OPEN_STATES = (Status.SUBMITTED, Status.ACCEPTED, Status.MEDIATING, Status.AGREED, Status.CONFIRMING, Status.CONFIRMED)
FINISHED_STATES = (Status.CLOSED, Status.ARCHIVED)
# The cases a mediator is working on: their load on the assignment board and on the roster.
LOAD_STATES = (Status.MEDIATING, Status.AGREED, Status.CONFIRMING, Status.CONFIRMED)
# A unit's queue: the cases no mediator has yet, which every mediator of the unit sees (casedesk.cases.access).
UNASSIGNED_STATES = (Status.SUBMITTED, Status.ACCEPTED)


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    HOTLINE_12351 = "hotline_12351", _("12351 hotline")
    ONLINE = "online", _("Online")
    COURT_DELEGATED = "court_delegated", _("Delegated by a court")
    COURT_COMMISSIONED = "court_commissioned", _("Commissioned by a court")
    TRANSFER = "transfer", _("Transferred by another body")
    OTHER = "other", _("Other")


COURT_CHANNELS = (Channel.COURT_DELEGATED, Channel.COURT_COMMISSIONED)
# The channel of a case another body referred to the union ("工会+N"): it carries a Referral.
REFERRAL_CHANNEL = Channel.TRANSFER


class ReferringBody(models.TextChoices):
    """Who referred a case to the union (channel "transfer"). A court's delegated or commissioned
    mediation has channels of its own and a CourtReferral; "court" here is a court passing on a dispute
    in any other way (its enforcement or case-filing division, a letter)."""

    LABOUR_INSPECTION = "labour_inspection", _("Human resources and social security / labour inspection")
    ARBITRATION = "arbitration", _("Labour and personnel dispute arbitration commission")
    PETITIONS = "petitions", _("Letters and visits (petitions) office")
    PROCURATORATE = "procuratorate", _("People's procuratorate")
    COURT = "court", _("People's court")
    OTHER = "other", _("Other body")


class Category(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("Wage arrears")
    CONTRACT_TERMINATION = "contract_termination", _("Contract termination")
    WORK_INJURY = "work_injury", _("Work injury")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    OVERTIME = "overtime", _("Overtime")
    LABOR_RELATIONSHIP = "labor_relationship", _("Whether an employment relation exists")
    OTHER = "other", _("Other")


class EmploymentForm(models.TextChoices):
    CONTRACT = "contract", _("Labour contract")
    DISPATCH = "dispatch", _("Dispatched labour")
    PLATFORM = "platform", _("Platform work (new employment forms)")
    INFORMAL = "informal", _("Informal employment")
    OTHER = "other", _("Other")


class ClaimKind(models.TextChoices):
    WAGE = "wage", _("Unpaid wages")
    OVERTIME_PAY = "overtime_pay", _("Overtime pay")
    SEVERANCE = "severance", _("Economic compensation")
    DAMAGES = "damages", _("Damages")
    INJURY_BENEFIT = "injury_benefit", _("Work-injury benefits")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    OTHER = "other", _("Other")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO_PERMIT = "hk_macao_permit", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PERMANENT = "foreign_permanent", _("Foreign permanent resident ID card")
    OTHER = "other", _("Other document")
    NONE = "none", _("No document at hand")


class ReferralKind(models.TextChoices):
    PRE_LITIGATION = "pre_litigation", _("Pre-litigation delegated mediation")
    COMMISSIONED = "commissioned", _("Commissioned mediation")


class Outcome(models.TextChoices):
    SETTLED = "settled", _("Settled by agreement")
    FAILED = "failed", _("Mediation failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Not accepted")


# The outcome a case closes with follows from the state it closes from.
OUTCOME_FOR_STATE = {
    Status.AGREED: Outcome.SETTLED,
    Status.CONFIRMED: Outcome.SETTLED,
    Status.FAILED: Outcome.FAILED,
    Status.WITHDRAWN: Outcome.WITHDRAWN,
    Status.REJECTED: Outcome.REJECTED,
}


class DocumentKind(models.TextChoices):
    """The documents (文书) the desk produces (DOMAIN.md "Documents"); issued by casedesk.documents."""

    ACCEPTANCE_NOTICE = "acceptance_notice", _("Acceptance notice")
    REJECTION_NOTICE = "rejection_notice", _("Rejection notice")
    MEDIATION_NOTICE = "mediation_notice", _("Mediation session notice")
    SESSION_RECORD = "session_record", _("Mediation session record")
    AGREEMENT = "agreement", _("Mediation agreement")
    TERMINATION = "termination", _("Notice of termination of mediation")
    CONFIRMATION_APPLICATION = "confirmation_application", _("Application for judicial confirmation")
    COURT_FEEDBACK = "court_feedback", _("Feedback letter to the court")
    REFERRAL_RESULT = "referral_result", _("Letter on the result to the referring body")
    CLOSING_REPORT = "closing_report", _("Closing report")
    CASE_FILE = "case_file", _("Case file")
    PAYMENT_ORDER_APPLICATION = "payment_order_application", _("Application for a payment order")
    ARBITRATION_GUIDE = "arbitration_guide", _("Guide to arbitration on the agreement")


# The claims a payment order may be asked for on an unperformed agreement (劳动争议调解仲裁法 Art.16): unpaid
# labour remuneration (wages, overtime pay), work-injury medical costs, economic compensation, damages.
PAYMENT_ORDER_CLAIMS = ("wage", "overtime_pay", "injury_benefit", "severance", "damages")


class PerformanceMethod(models.TextChoices):
    """How an agreement is performed (履行方式)."""

    TRANSFER = "transfer", _("Bank transfer to the workers' accounts")
    CASH = "cash", _("Cash, handed over in person")
    OTHER = "other", _("Other (described in the place)")


class VisitMethod(models.TextChoices):
    """How a return visit (回访) to the worker was made (casedesk.payments)."""

    PHONE = "phone", _("By phone")
    VISIT = "visit", _("In person")
    ONLINE = "online", pgettext_lazy("return visit", "Online")


class PaymentMethod(models.TextChoices):
    """How a payment against an agreement was made (casedesk.payments)."""

    TRANSFER = "transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    OTHER = "other", _("Other")

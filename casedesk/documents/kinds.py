"""The documents (文书) the desk produces (DOMAIN.md "Documents") and what each is called."""

from casedesk.cases.choices import DocumentKind

Kind = DocumentKind  # named with the other codes in casedesk.cases.choices, for the one vocabulary

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
    Kind.REFERRAL_RESULT: "复",
    Kind.CLOSING_REPORT: "结",
    Kind.CASE_FILE: "卷",
    Kind.PAYMENT_ORDER_APPLICATION: "令",
    Kind.ARBITRATION_GUIDE: "引",
}

# Documents for the parties or the court that must carry full ID numbers and phones; the
# others mask them. Only users who see the case unmasked may issue or download these.
WITH_PERSONAL_DATA = frozenset({Kind.AGREEMENT, Kind.CONFIRMATION_APPLICATION, Kind.CASE_FILE,
                                Kind.PAYMENT_ORDER_APPLICATION})

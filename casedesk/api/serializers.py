"""How cases look in JSON. Reading only: writes go through casedesk.cases services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casedesk.cases import access, deadlines, performance
from casedesk.cases.choices import (
    Category,
    Channel,
    ClaimKind,
    EmploymentForm,
    IdType,
    PaymentMethod,
    ReferralKind,
    ReferringBody,
    VisitMethod,
)
from casedesk.cases.intake_forms import COURT_DAYS_MAX
from casedesk.cases.models import (
    Agreement,
    Case,
    CaseEmployer,
    CaseEvent,
    Claim,
    CourtReferral,
    MediationSession,
    Referral,
)
from casedesk.cases.transitions import available_transitions
from casedesk.web.user_refs import UserRefField


class EmployerSerializer(serializers.ModelSerializer):
    """The employer as this case registered it; `id` and `uscc` are the employer's identity."""

    id = serializers.IntegerField(source="case.employer_id")
    uscc = serializers.CharField(source="case.employer.uscc")
    contact_phone = serializers.SerializerMethodField(help_text="masked unless the viewer may see it")

    class Meta:
        model = CaseEmployer
        fields = ["id", "name", "uscc", "address", "legal_representative", "legal_representative_title",
                  "contact_name", "contact_phone"]

    def get_contact_phone(self, respondent) -> str:
        return access.masked_phone(respondent.contact_phone, self.context.get("unmasked", False))


class ClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = ["kind", "amount", "description"]


class CourtReferralSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourtReferral
        fields = ["court", "court_case_number", "kind", "referred_on", "received_on", "mediation_days"]


class ReferralSerializer(serializers.ModelSerializer):
    """Who referred the case to the union (channel "transfer")."""

    class Meta:
        model = Referral
        fields = ["body", "body_name", "reference_number", "referred_on"]


class InstalmentSerializer(serializers.Serializer):
    """One instalment and how far it is paid (payments count against the instalments earliest first)."""

    number = serializers.IntegerField(help_text="1, 2, … in the order of the due dates: a payment names it")
    due_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    paid = serializers.DecimalField(max_digits=12, decimal_places=2)
    status = serializers.ChoiceField(choices=performance.InstalmentStatus.choices,
                                     help_text="missed: past due and not fully paid")


class PaymentSerializer(serializers.Serializer):
    """A payment recorded against the agreement, or a counter-entry reversing one (negative amount)."""

    id = serializers.IntegerField()
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="negative for a reversal")
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    instalment = serializers.SerializerMethodField(help_text="the number of the instalment the payment names")
    counted_against = serializers.SerializerMethodField(
        help_text="the numbers of the instalments it counts against (earliest due first, whatever it names); "
                  "empty for a reversed payment, a counter-entry, or what is paid beyond the agreed amount")
    note = serializers.CharField()
    overpayment_reason = serializers.CharField()
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True,
                                        help_text="the payment this counter-entry reverses")
    reversed_by = serializers.SerializerMethodField(help_text="the counter-entry that reversed this payment")
    reason = serializers.CharField(help_text="why it was reversed (a counter-entry)")
    recorded_by = UserRefField(read_only=True)
    recorded_at = serializers.DateTimeField()

    def get_instalment(self, payment) -> int | None:
        return self.context["rows"][payment.pk].named

    def get_counted_against(self, payment) -> list[int]:
        return list(self.context["rows"][payment.pk].counted)

    def get_reversed_by(self, payment) -> int | None:
        return self.context.get("reversed_by", {}).get(payment.pk)


class ShareSerializer(serializers.Serializer):
    applicant = serializers.IntegerField(source="applicant.number", help_text="the applicant's number on the case")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class AgreementSerializer(serializers.ModelSerializer):
    """The agreement, and its performance derived from the payments recorded (casedesk.cases.performance)."""

    paid = serializers.SerializerMethodField(help_text="the payments recorded, net of reversals")
    outstanding = serializers.SerializerMethodField()
    performance_status = serializers.SerializerMethodField()
    instalments = serializers.SerializerMethodField(
        help_text="the instalments; an agreement paid at once has one, its amount due on the performance date")
    payments = serializers.SerializerMethodField()
    shares = ShareSerializer(many=True, read_only=True)
    payee_account = serializers.SerializerMethodField(help_text="masked unless the viewer may see it")

    class Meta:
        model = Agreement
        fields = [
            "id", "terms", "amount", "paid", "outstanding", "performance_status", "signed_on", "performance_due",
            "instalments", "payments", "shares", "performance_method", "performance_place", "payee_account",
            "confirmation_court", "confirmation_applied_on", "ruling_number", "ruled_on", "court_rejection_reason",
        ]

    def _performance(self, agreement):
        cached = getattr(agreement, "_performance", None)
        if cached is None:
            cached = agreement._performance = performance.of(agreement)
        return cached

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_paid(self, agreement):
        return serializers.DecimalField(max_digits=12, decimal_places=2).to_representation(
            self._performance(agreement).paid)

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_outstanding(self, agreement):
        return serializers.DecimalField(max_digits=12, decimal_places=2).to_representation(
            self._performance(agreement).outstanding)

    @extend_schema_field(serializers.ChoiceField(choices=performance.AgreementStatus.choices))
    def get_performance_status(self, agreement) -> str:
        return self._performance(agreement).status

    @extend_schema_field(InstalmentSerializer(many=True))
    def get_instalments(self, agreement):
        return InstalmentSerializer(self._performance(agreement).instalments, many=True).data

    @extend_schema_field(PaymentSerializer(many=True))
    def get_payments(self, agreement):
        found = self._performance(agreement)
        context = {
            "rows": {row.payment.pk: row for row in found.payment_rows},
            "reversed_by": {p.reverses_id: p.pk for p in found.payments if p.reverses_id},
        }
        return PaymentSerializer(found.payments, many=True, context=context).data

    def get_payee_account(self, agreement) -> str:
        return access.masked_bank_account(agreement.payee_account, self.context.get("unmasked", False))


class ReturnVisitSerializer(serializers.Serializer):
    """A return visit to the worker after the agreement's performance (or non-performance)."""

    id = serializers.IntegerField()
    visited_on = serializers.DateField()
    method = serializers.ChoiceField(choices=VisitMethod.choices)
    money_received = serializers.BooleanField()
    satisfaction = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField()
    recorded_by = UserRefField(read_only=True)


class SessionSerializer(serializers.ModelSerializer):
    mediator = UserRefField(read_only=True)

    class Meta:
        model = MediationSession
        fields = ["id", "held_at", "place", "mediator", "present", "statements"]


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    basis = serializers.CharField()
    overdue = serializers.BooleanField()
    met = serializers.BooleanField()
    estimated = serializers.BooleanField()
    note = serializers.CharField()


class ApplicantOutput(serializers.Serializer):
    number = serializers.IntegerField(help_text="the applicant's number on the case (1 = first): corrections name it")
    name = serializers.CharField(help_text="as written on this case's application")
    id_type = serializers.ChoiceField(choices=IdType.choices)
    id_number = serializers.CharField(help_text="masked unless the viewer may see it")
    id_verified = serializers.BooleanField()
    phone = serializers.CharField(help_text="masked unless the viewer may see it")
    bank_account = serializers.CharField(help_text="the wage account; masked unless the viewer may see it")
    employment_form = serializers.ChoiceField(choices=EmploymentForm.choices)
    address = serializers.CharField()
    job = serializers.CharField()
    employed_from = serializers.DateField(allow_null=True)
    employed_until = serializers.DateField(allow_null=True)


class CaseRef(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class CaseListSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="respondent.name", read_only=True)
    mediator = UserRefField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id", "number", "status", "status_display", "channel", "category", "employer", "applicant_count",
            "is_collective", "claimed_total", "mediator", "submitted_at", "acceptance_due", "mediation_due",
            "overdue", "updated_at",
        ]


class CaseChangedSerializer(serializers.ModelSerializer):
    """The case after a transition, when the client asked for no more (`Prefer: return=minimal`): its state,
    its due dates and the event the change appended (the chain head). Nothing personal, so nothing to log."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    event = serializers.SerializerMethodField(help_text="the event the change appended: its seq and hash")

    class Meta:
        model = Case
        fields = ["id", "number", "status", "status_display", "acceptance_due", "mediation_due", "updated_at", "event"]

    @extend_schema_field({"type": "object", "properties": {"seq": {"type": "integer"}, "hash": {"type": "string"}}})
    def get_event(self, case):
        return {"seq": case.audit_seq, "hash": case.audit_head}


class CaseDetailSerializer(CaseListSerializer):
    """One case, with personal data masked unless the viewer may see it (context["unmasked"])."""

    employer = EmployerSerializer(source="respondent", read_only=True)
    applicants = serializers.SerializerMethodField()
    claims = ClaimSerializer(many=True, read_only=True)
    court_referral = serializers.SerializerMethodField()
    referral = serializers.SerializerMethodField(help_text="the body that referred the case (channel transfer)")
    agreement = serializers.SerializerMethodField()
    sessions = SessionSerializer(many=True, read_only=True)
    registered_by = UserRefField(read_only=True)
    related_case = serializers.SerializerMethodField()
    consultation = serializers.SerializerMethodField(help_text="the consultation this case came from (its id)")
    available_transitions = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    return_visits = serializers.SerializerMethodField(help_text="return visits to the worker (casedesk.payments)")

    class Meta(CaseListSerializer.Meta):
        fields = CaseListSerializer.Meta.fields + [
            "summary", "dispute_started_on", "employment_ended_on", "accepted_on", "closed_at", "outcome",
            "recovered_amount", "applicants", "claims", "court_referral", "referral", "agreement", "sessions",
            "registered_by", "related_case", "consultation", "available_transitions", "deadlines", "return_visits",
        ]

    @extend_schema_field(ApplicantOutput(many=True))
    def get_applicants(self, case):
        unmasked = self.context.get("unmasked", False)
        return [
            {
                "number": a.number,
                "name": a.name,
                "id_type": a.person.id_type,
                "id_number": access.masked_id_number(a.person.id_number, unmasked),
                "id_verified": a.person.id_verified,
                "phone": access.masked_phone(a.phone, unmasked),
                "bank_account": access.masked_bank_account(a.bank_account, unmasked),
                "employment_form": a.employment_form,
                "address": a.address,
                "job": a.job,
                "employed_from": a.employed_from,
                "employed_until": a.employed_until,
            }
            for a in case.applicants.all()
        ]

    @extend_schema_field(CourtReferralSerializer(allow_null=True))
    def get_court_referral(self, case):
        referral = getattr(case, "court_referral", None)
        return CourtReferralSerializer(referral).data if referral else None

    @extend_schema_field(ReferralSerializer(allow_null=True))
    def get_referral(self, case):
        referral = getattr(case, "referral", None)
        return ReferralSerializer(referral).data if referral else None

    @extend_schema_field(AgreementSerializer(allow_null=True))
    def get_agreement(self, case):
        agreements = list(case.agreements.all())
        return AgreementSerializer(agreements[0], context=self.context).data if agreements else None

    @extend_schema_field(CaseRef(allow_null=True))
    def get_related_case(self, case):
        if case.related_case_id is None:
            return None
        return {"id": case.related_case_id, "number": case.related_case.number}

    def get_consultation(self, case) -> int | None:
        # Whoever sees a case sees the consultation it came from (casedesk.consultations.access).
        source = getattr(case, "consultation", None)
        return source.pk if source else None

    def get_available_transitions(self, case) -> list[str]:
        return available_transitions(case, self.context["request"].user)

    @extend_schema_field(ReturnVisitSerializer(many=True))
    def get_return_visits(self, case):
        return ReturnVisitSerializer(case.return_visits.select_related("recorded_by"), many=True).data

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, case):
        return [d.as_dict() for d in deadlines.case_deadlines(case)]


class EventSerializer(serializers.ModelSerializer):
    actor = UserRefField(read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["seq", "action", "from_state", "to_state", "actor", "at", "data", "prev_hash", "hash"]


# Request shapes, for the OpenAPI schema. Validation itself is the domain's (casedesk.cases.intake).

class ApplicantInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    id_type = serializers.ChoiceField(choices=IdType.choices, required=False)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    bank_account = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="the wage account: 12 to 30 digits (spaces allowed)"
    )
    employment_form = serializers.ChoiceField(choices=EmploymentForm.choices)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    job = serializers.CharField(max_length=100, required=False, allow_blank=True)
    employed_from = serializers.DateField(required=False, allow_null=True)
    employed_until = serializers.DateField(required=False, allow_null=True)
    name_confirmed = serializers.BooleanField(
        required=False, help_text="register although the document number is on record under a different name "
                                  "(the case keeps this name; the name on record does not change)")


class EmployerInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    uscc = serializers.CharField(max_length=18, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    legal_representative = serializers.CharField(max_length=100, required=False, allow_blank=True)
    legal_representative_title = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class ClaimInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)


class CourtReferralInput(serializers.Serializer):
    court = serializers.CharField(max_length=100)
    court_case_number = serializers.CharField(max_length=60)
    kind = serializers.ChoiceField(choices=ReferralKind.choices, required=False)
    referred_on = serializers.DateField()
    received_on = serializers.DateField(
        required=False, help_text="the day the union signed for the court's materials, from which the court's "
                                  "period runs; omitted, the day referred")
    mediation_days = serializers.IntegerField(min_value=1, max_value=COURT_DAYS_MAX, required=False)


class ReferralInput(serializers.Serializer):
    body = serializers.ChoiceField(choices=ReferringBody.choices)
    body_name = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                      help_text="the body's name; required for body \"other\"")
    reference_number = serializers.CharField(max_length=60, help_text="the body's reference number (文号)")
    referred_on = serializers.DateField()


class CaseCreateInput(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    summary = serializers.CharField(max_length=5000)
    dispute_started_on = serializers.DateField()
    employment_ended_on = serializers.DateField(required=False, allow_null=True)
    applicants = ApplicantInput(many=True)
    employer = EmployerInput()
    claims = ClaimInput(many=True, required=False)
    court_referral = CourtReferralInput(required=False, allow_null=True)
    referral = ReferralInput(required=False, allow_null=True,
                             help_text="required for channel transfer: the body that referred the case")


class CaseCreatedSerializer(CaseDetailSerializer):
    possible_duplicates = serializers.SerializerMethodField()

    class Meta(CaseDetailSerializer.Meta):
        fields = CaseDetailSerializer.Meta.fields + ["possible_duplicates"]

    @extend_schema_field(CaseRef(many=True))
    def get_possible_duplicates(self, case):
        return [{"id": c.pk, "number": c.number} for c in self.context.get("possible_duplicates", [])]


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True, help_text="the unit above it (its id)")


class TransferOutput(serializers.Serializer):
    """A case as its transfer left it: enough for whoever may no longer see it."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    unit = UnitSerializer()
    seq = serializers.IntegerField(help_text="the transfer's event in the case's audit chain")
    visible = serializers.BooleanField(help_text="whether the case is still visible to the user who transferred it")


class TokenInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128)
    otp = serializers.CharField(required=False, max_length=16, help_text=(
        "supervisors and admins when two-factor login applies: the authenticator app's code, or a recovery code"))


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()

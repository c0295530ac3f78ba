"""How consultations look in JSON, and the shapes the API takes (derived from the forms)."""

import copy

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casedesk.api.form_schema import serializer_for
from casedesk.api.serializers import CaseCreateInput, CaseRef
from casedesk.cases.access import visible_cases
from casedesk.web.user_refs import UserRefField

from . import access
from .forms import ConsultationForm
from .models import Consultation

ConsultationInput = serializer_for(ConsultationForm, "ConsultationInput")


class ConsultationSerializer(serializers.ModelSerializer):
    """One consultation; the phone masked unless the viewer may see it (always in lists:
    context["in_list"]). `case` is the case it became, if the viewer may see that case."""

    phone = serializers.SerializerMethodField(help_text="masked unless the viewer may see it")
    converted = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()
    recorded_by = UserRefField(read_only=True)

    class Meta:
        model = Consultation
        fields = ["id", "channel", "asked_at", "topic", "employment_form", "people", "question", "answer",
                  "contact_consent", "name", "phone", "event", "converted", "case", "converted_at",
                  "recorded_by", "recorded_at"]

    def get_phone(self, consultation) -> str:
        user = self.context["request"].user
        return access.contact_phone(user, consultation, in_list=self.context.get("in_list", False))

    def get_converted(self, consultation) -> bool:
        return consultation.case_id is not None

    @extend_schema_field(CaseRef(allow_null=True))
    def get_case(self, consultation):
        if consultation.case_id is None:
            return None
        seen = visible_cases(self.context["request"].user).filter(pk=consultation.case_id).exists()
        return {"id": consultation.case_id, "number": consultation.case.number} if seen else None


def convert_input():
    """POST /api/consultations/{id}/convert/: the registration body of POST /api/cases/, where each
    part may be left out when the consultation supplies it (channel, category, summary, applicants)."""
    fields = {}
    for name, field in CaseCreateInput._declared_fields.items():
        field = copy.deepcopy(field)
        if name in ("channel", "category", "summary", "applicants"):
            field.required = False
        fields[name] = field
    fields["__doc__"] = convert_input.__doc__
    return type("ConsultationConvertInput", (serializers.Serializer,), fields)

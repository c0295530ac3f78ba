"""The online application's JSON shapes (casedesk.portal.api). The request shapes are derived from
ApplyForm (casedesk.api.form_schema), never kept by hand beside it: the form validates, the schema
only describes."""

from rest_framework import serializers

from casedesk.api.form_schema import field_for
from casedesk.cases.choices import DocumentKind, Status

from .forms import ApplyForm

HONEYPOT = "website"  # on the page a hidden field; not advertised here either


def _application_fields():
    described = {key: field_for(field, required=field.required)
                 for key, field in ApplyForm.base_fields.items() if key != HONEYPOT}
    described["unit"] = serializers.IntegerField(
        required=False, help_text="id of the union unit nearest to the worker (GET /api/portal/units/); "
                                  "required when there are several, absent when there is one")
    return described


ApplicationInput = type("PortalApplicationInput", (serializers.Serializer,), {
    **_application_fields(),
    "__doc__": "An online application as /apply/ takes it: the same fields, the same checks (ApplyForm and the "
               "intake service), consent and sensitive_consent required.",
})

ApplicationUpload = type("PortalApplicationUpload", (serializers.Serializer,), {
    **_application_fields(),
    "evidence": serializers.ListField(child=serializers.FileField(), required=False,
                                      help_text="photos (JPEG, PNG) or PDF files; each one part named evidence"),
    "__doc__": "An online application with evidence files (multipart/form-data).",
})

class ApplicationCreated(serializers.Serializer):
    tracking_number = serializers.CharField()
    query_code = serializers.CharField(help_text="shown this once; only its hash is kept")


class UnitChoice(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class WorkerStepSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    label = serializers.CharField()
    on = serializers.DateField()


class WorkerDeadlineSerializer(serializers.Serializer):
    label = serializers.CharField()
    due = serializers.DateField()
    estimated = serializers.BooleanField()


class WorkerDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    name = serializers.CharField()
    number = serializers.CharField()


class TrackedSerializer(serializers.Serializer):
    """What /track/ shows the worker, and nothing more."""

    tracking_number = serializers.CharField()
    case_number = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    steps = WorkerStepSerializer(many=True, help_text="the states the case has been in, with the day it entered each")
    next_step = serializers.CharField()
    next_deadline = WorkerDeadlineSerializer(allow_null=True)
    mediator = serializers.CharField()
    phone = serializers.CharField()
    documents = WorkerDocumentSerializer(many=True)


class PendingApplication(serializers.Serializer):
    """An online application awaiting review at the desk (its case submitted)."""

    tracking_number = serializers.CharField()
    case_id = serializers.IntegerField()
    case_number = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    unit = serializers.CharField()
    created_at = serializers.DateTimeField()
    evidence_count = serializers.IntegerField()


class DeclineInput(serializers.Serializer):
    reason = serializers.CharField(help_text="why the application is not accepted; printed on the rejection notice "
                                             "the worker downloads from /track/")

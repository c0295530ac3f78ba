"""How outreach events look in JSON, and the shape the API takes (derived from the forms)."""

from rest_framework import serializers

from casedesk.api.form_schema import field_for, serializer_for
from casedesk.web.user_refs import UserRefField

from .forms import MAX_STAFF, EventForm, StaffForm
from .models import EventKind, EventStaff, OutreachEvent


class OutreachEventKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventKind
        fields = ["id", "name", "active"]


class OutreachEventStaffSerializer(serializers.ModelSerializer):
    user = UserRefField(read_only=True)

    class Meta:
        model = EventStaff
        fields = ["name", "role", "user"]


class OutreachEventSerializer(serializers.ModelSerializer):
    kind = OutreachEventKindSerializer(read_only=True)
    staff = OutreachEventStaffSerializer(many=True, read_only=True)
    recorded_by = UserRefField(read_only=True)

    class Meta:
        model = OutreachEvent
        fields = ["id", "kind", "held_on", "place", "host", "people_served", "leaflets", "note", "staff",
                  "recorded_by", "recorded_at"]


def event_input():
    """POST /api/outreach-events/ as the schema describes it: EventForm's fields, staff as a list."""
    fields = {key: field_for(f, required=f.required) for key, f in EventForm.base_fields.items() if key != "staff"}
    fields["staff"] = serializers.ListField(child=serializer_for(StaffForm, "EventStaffInput")(), required=False,
                                            max_length=MAX_STAFF, help_text="who worked at the event")
    return type("OutreachEventInput", (serializers.Serializer,), fields)

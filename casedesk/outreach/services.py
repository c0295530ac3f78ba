"""Recording an outreach event: the one way an event and its staff are written."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from casedesk.cases import roles
from casedesk.cases.errors import InvalidData, NotPermitted
from casedesk.cases.forms_base import errors_as_fields
from casedesk.units import tree

from .forms import EventForm
from .models import EventStaff, OutreachEvent


def record_event(*, actor, data):
    """Record the event in `data` (the API's body) for `actor`; InvalidData names every bad field."""
    if not roles.is_desk_user(actor):
        raise NotPermitted()
    if not isinstance(data, dict):
        raise InvalidData(fields={"non_field_errors": [str(_("Expected an object."))]})
    form = EventForm(data)
    errors, staff = {}, []
    if form.is_valid():
        errors, staff = form.staff_errors()
    else:
        errors = errors_as_fields(form)
    if errors:
        raise InvalidData(fields=errors)
    values = {k: v for k, v in form.cleaned_data.items() if k != "staff"}
    with transaction.atomic():
        event = OutreachEvent.objects.create(recorded_by=actor, unit=tree.unit_of(actor), **values)
        EventStaff.objects.bulk_create(
            EventStaff(event=event, position=position, **row) for position, row in enumerate(staff)
        )
    return event

"""A consultation's data, checked the same for the API and the desk's quick form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casedesk.cases import clock
from casedesk.cases.choices import EmploymentForm
from casedesk.cases.forms_base import (
    ConsentField,
    IdentifierField,
    NameField,
    StrictForm,
    check_service_date,
    text_field,
)
from casedesk.cases.identifiers import validate_phone
from casedesk.cases.models import NAME_MAX
from casedesk.outreach.access import visible_events

from .choices import ConsultationChannel, Topic
from .models import ANSWER_MAX, MAX_PEOPLE, QUESTION_MAX


class ConsultationForm(StrictForm):
    channel = forms.ChoiceField(label=_("channel"), choices=ConsultationChannel.choices)
    asked_at = forms.DateTimeField(label=_("time"), required=False, help_text=_("Empty: now."))
    topic = forms.ChoiceField(label=_("topic"), choices=Topic.choices)
    employment_form = forms.ChoiceField(label=_("employment form"), required=False,
                                        choices=[("", _("Not asked"))] + EmploymentForm.choices)
    people = forms.IntegerField(label=_("people who asked"), min_value=1, max_value=MAX_PEOPLE, required=False,
                                error_messages={"invalid": _("Enter a whole number.")},
                                help_text=_("A group that asks together counts its people."))
    question = text_field(QUESTION_MAX, label=_("question"))
    answer = text_field(ANSWER_MAX, required=False, label=_("answer given"))
    contact_consent = ConsentField(label=_("agreed to leave name and phone"), required=False)
    name = NameField(NAME_MAX, required=False, label=_("name"))
    phone = IdentifierField(max_length=20, required=False, label=_("phone"), validators=[validate_phone])
    event = forms.ModelChoiceField(label=_("outreach event"), queryset=None, required=False,
                                   error_messages={"invalid_choice": _("Choose one of your outreach events.")})

    def __init__(self, data=None, *, actor, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["event"].queryset = visible_events(actor).select_related("kind")

    def clean_asked_at(self):
        value = self.cleaned_data.get("asked_at") or clock.now()
        if value > clock.now():
            raise forms.ValidationError(_("A consultation is recorded after it happened: the time cannot be ahead."))
        check_service_date(timezone.localdate(value), _("The time"))
        return value

    def clean_people(self):
        return self.cleaned_data.get("people") or 1

    def clean(self):
        data = super().clean()
        contact = data.get("name") or data.get("phone")
        if contact and not data.get("contact_consent"):
            self.add_error("contact_consent", _("Record a name or phone only if the person agrees to leave them."))
        elif data.get("contact_consent") and not contact and not ({"name", "phone"} & set(self.errors)):
            self.add_error("contact_consent", _("Consent to leave a contact is ticked, but neither a name nor a phone "
                                                "is filled in: fill one in, or untick it."))
        event = data.get("event")
        if event is not None and data.get("channel") not in (None, ConsultationChannel.AT_EVENT):
            self.add_error("event", _("Only a consultation taken at an outreach event is linked to an event."))
        return data

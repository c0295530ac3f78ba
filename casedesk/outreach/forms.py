"""An outreach event's data, checked the same for the API and the desk's form."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from casedesk.cases import roles
from casedesk.cases.forms_base import NameField, StrictForm, UserChoiceField, check_service_date, text_field

from .models import MAX_COUNT, NOTE_MAX, EventKind, StaffRole

MAX_STAFF = 50
COUNT_MESSAGES = {
    "min_value": _("A count cannot be negative."),
    "max_value": _("At most %(limit_value)s for one event; please check the number."),
    "invalid": _("Enter a whole number."),
}


def count_field(label, required=True):
    return forms.IntegerField(label=label, min_value=0, max_value=MAX_COUNT, required=required,
                              error_messages=COUNT_MESSAGES)


def desk_users():
    return get_user_model().objects.filter(is_active=True, groups__name__in=roles.ROLES).distinct().order_by(
        "first_name", "username")


class StaffForm(StrictForm):
    name = NameField(100, required=False, label=_("name"), help_text=_("Empty: the desk user's name."))
    role = forms.ChoiceField(label=_("role"), choices=StaffRole.choices)
    user = UserChoiceField(label=_("desk user"), queryset=desk_users(), required=False,
                                  error_messages={"invalid_choice": _("Choose a user of the desk, or none.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = desk_users()

    def clean(self):
        """A person is named, or is a user of the desk, who is then named as the desk knows them (a row
        with only the user chosen was dropped without a word)."""
        data = super().clean()
        user = data.get("user")
        if not data.get("name") and user is not None:
            data["name"] = user.get_full_name() or user.username
        if not data.get("name") and "name" not in self.errors and "user" not in self.errors:
            self.add_error("name", _("Give the person's name, or choose a user of the desk."))
        return data


class EventForm(StrictForm):
    structured_fields = ("staff",)

    kind = forms.ModelChoiceField(label=_("kind"), queryset=EventKind.objects.filter(active=True),
                                  error_messages={"invalid_choice": _("Choose one of the kinds of event.")})
    held_on = forms.DateField(label=_("held on"))
    place = text_field(200, label=_("place"))
    host = text_field(200, required=False, label=_("enterprise or park"))
    people_served = count_field(_("people served"))
    leaflets = count_field(_("leaflets handed out"), required=False)
    note = text_field(NOTE_MAX, required=False, label=_("note"))
    staff = forms.Field(label=_("staff"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = EventKind.objects.filter(active=True)

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        check_service_date(value, _("The date of the event"))
        return value

    def clean_leaflets(self):
        return self.cleaned_data.get("leaflets") or 0

    def clean_staff(self):
        value = self.cleaned_data.get("staff")
        if value in (None, ""):
            return []
        if not isinstance(value, list) or len(value) > MAX_STAFF:
            raise forms.ValidationError(_("Give a list of at most %(n)d people.") % {"n": MAX_STAFF})
        return value

    def staff_errors(self):
        """{"staff.0.name": [...]} for the rows of `staff`, and the rows' cleaned data."""
        errors, rows = {}, []
        for index, row in enumerate(self.cleaned_data.get("staff") or []):
            if not isinstance(row, dict):
                errors[f"staff.{index}"] = [str(_("This part is required and must be an object."))]
                continue
            form = StaffForm(row)
            if form.is_valid():
                rows.append(form.cleaned_data)
            else:
                errors.update({f"staff.{index}.{k if k != '__all__' else 'non_field_errors'}": [str(m) for m in v]
                               for k, v in form.errors.items()})
        return errors, rows

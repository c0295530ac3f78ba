"""The application form of /apply/. It checks only what is the portal's own (consent, the honeypot, a
phone to reach the worker, an employer the desk can find); every value of the dispute is checked by
the intake service, exactly as at the desk (casedesk.cases.intake.validate), and its errors are shown
next to the fields here (`FIELD_FOR`)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from casedesk.cases.choices import Category, Channel, ClaimKind, EmploymentForm, IdType
from casedesk.cases.forms_base import ConsentField, StrictForm
from casedesk.cases.row_ids import parse_id

from . import units
from .challenge import field as challenge_field

CLAIM_ROWS = 3
# A worker applying online has a document: "no document at hand" is for the counter.
ID_TYPES = [choice for choice in IdType.choices if choice[0] != IdType.NONE]


def _text(**kwargs):
    return forms.CharField(required=False, strip=True, **kwargs)


def _date():
    return _text(widget=forms.DateInput(attrs={"type": "date"}))


class ApplyForm(StrictForm):
    """From the page (or a multipart body) a QueryDict; from the API a JSON object, refused key by key where
    a value is a list, an object or true/false for text, and for keys the form does not have
    (casedesk.cases.forms_base)."""

    # The worker.
    name = _text(widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_type = _text(widget=forms.Select(choices=ID_TYPES), initial=IdType.RESIDENT_ID)
    id_number = _text(widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    phone = _text(widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    address = _text(widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    # The work.
    employment_form = _text(widget=forms.RadioSelect(choices=EmploymentForm.choices))
    job = _text()
    employed_from = _date()
    employment_ended_on = _date()
    # The employer.
    employer_name = _text(widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    employer_uscc = _text(widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    employer_address = _text()
    # What happened.
    category = _text(widget=forms.RadioSelect(choices=Category.choices))
    dispute_started_on = _date()
    summary = _text(widget=forms.Textarea(attrs={"rows": 6}))
    # Being told, and consent.
    wants_messages = ConsentField(required=False, initial=True)
    consent = ConsentField(error_messages={"required": _("Please read the text above and agree to it.")})
    sensitive_consent = ConsentField(
        error_messages={"required": _("Without this separate consent the application cannot be sent online.")}
    )
    # Left empty by people; filled in by scripts that fill every field.
    website = _text()

    def __init__(self, data=None, *, ask_email=False, challenge=False, **kwargs):
        """`ask_email`: messages go by e-mail, so ask for one (optional); `challenge`: after a burst from this
        address, the picture's characters are needed too (casedesk.portal.challenge)."""
        super().__init__(data, **kwargs)
        if hasattr(data, "getlist"):
            self.unknown = []  # a page's form (or a multipart body) also carries the CSRF token, the files
        if not units.several():
            del self.fields["unit"]
        if ask_email:
            self.fields["email"] = forms.EmailField(
                required=False, max_length=254, error_messages={"invalid": _("Enter a valid e-mail address.")},
                widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}))
        if challenge:
            self.fields["captcha"] = challenge_field()

    def chosen_unit(self):
        """The unit the case goes to: the one chosen, or the only one."""
        if "unit" in self.fields:
            return self.cleaned_data["unit"]
        return units.only()

    def claim_rows(self):
        return [(self[f"claim_kind_{row}"], self[f"claim_amount_{row}"]) for row in range(CLAIM_ROWS)]

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("The application could not be sent. Please try again."))
        if data.get("id_type") == IdType.NONE:
            self.add_error("id_type", _("Applying online needs an identity document; without one, please come to "
                                        "the union's desk."))
        if not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter a phone number: the union calls you about the case."))
        if not data.get("employer_uscc") and not data.get("employer_address"):
            self.add_error("employer_address", _("Enter the employer's credit code or its address."))
        return data

    def registration(self):
        """The intake service's body from what was typed (whatever the portal's own checks said), and
        for each claim in it the row of the form it came from."""
        value = (self.cleaned_data if hasattr(self, "cleaned_data") else {}).get
        claims, rows = [], []
        for row in range(CLAIM_ROWS):
            kind, amount = value(f"claim_kind_{row}", ""), value(f"claim_amount_{row}", "")
            if kind or amount:
                claims.append({"kind": kind, "amount": amount})
                rows.append(row)
        data = {
            "channel": Channel.ONLINE, "category": value("category", ""), "summary": value("summary", ""),
            "dispute_started_on": value("dispute_started_on", ""),
            "employment_ended_on": value("employment_ended_on", ""),
            "applicants": [{
                "name": value("name", ""), "id_type": value("id_type", ""), "id_number": value("id_number", ""),
                "phone": value("phone", ""), "address": value("address", ""),
                "employment_form": value("employment_form", ""), "job": value("job", ""),
                "employed_from": value("employed_from", ""),
                # A number on record under another name is not refused here (that would tell a stranger
                # the number is on record): the case keeps the name as written, and the desk's timeline
                # flags it for whoever accepts the case.
                "name_confirmed": True,
            }],
            "employer": {"name": value("employer_name", ""), "uscc": value("employer_uscc", ""),
                         "address": value("employer_address", "")},
            "claims": claims,
        }
        return data, rows

    def add_intake_errors(self, fields, claim_rows):
        """The intake service's errors ({"applicants.0.id_number": [...]}) next to this form's fields."""
        for key, messages in fields.items():
            name = field_for(key, claim_rows)
            if name in self.fields:
                for message in messages:
                    self.add_error(name, message)
            else:
                for message in messages:
                    self.add_error(None, message)


def claim_fields():
    """The claim rows' fields (kind and amount, CLAIM_ROWS times)."""
    fields = {}
    for row in range(CLAIM_ROWS):
        fields[f"claim_kind_{row}"] = _text(widget=forms.Select(choices=[("", "—"), *ClaimKind.choices]))
        fields[f"claim_amount_{row}"] = _text(widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    return fields


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name

    def to_python(self, value):
        # Only an id is looked up: a number too large for the column is not a database error.
        if value not in self.empty_values and parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def unit_field():
    """Which union unit is nearest: asked only when there are several (casedesk.portal.units)."""
    return UnitField(
        queryset=units.taking_applications(), empty_label=_("— choose —"), label=_("union unit nearest to you"),
        error_messages={"required": _("Choose the union unit nearest to you."),
                        "invalid_choice": _("Choose one of the union units in the list.")},
    )


# The claim rows and the unit are fields of every form (and of the API's schema); the unit is dropped
# again where there is one unit only.
ApplyForm.base_fields.update(claim_fields())
ApplyForm.base_fields["unit"] = unit_field()

FIELD_FOR = {
    "applicants.0.name": "name", "applicants.0.id_type": "id_type", "applicants.0.id_number": "id_number",
    "applicants.0.phone": "phone", "applicants.0.address": "address",
    "applicants.0.employment_form": "employment_form", "applicants.0.job": "job",
    "applicants.0.employed_from": "employed_from", "employer.name": "employer_name",
    "employer.uscc": "employer_uscc", "employer.address": "employer_address", "category": "category",
    "summary": "summary", "dispute_started_on": "dispute_started_on", "employment_ended_on": "employment_ended_on",
}
CLAIM_KEY = re.compile(r"^claims\.(\d+)\.(kind|amount)$")


def field_for(key, claim_rows):
    if key in FIELD_FOR:
        return FIELD_FOR[key]
    match = CLAIM_KEY.match(key)
    if match and int(match.group(1)) < len(claim_rows):
        return f"claim_{match.group(2)}_{claim_rows[int(match.group(1))]}"
    return None

"""Shared plumbing for the domain's data forms: strict input for the API and the web alike."""

import datetime
import unicodedata
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import clock
from .identifiers import normalize_identifier, without_invisible

EARLIEST_DATE = datetime.date(1950, 1, 1)
MAX_YEARS_AHEAD = 10  # an extension, a performance or instalment date: later than this is a typing mistake
MAX_AMOUNT = Decimal("9999999999.99")
# Control characters a person cannot type into a text box; tab and line breaks are text.
ALLOWED_CONTROLS = frozenset("\t\n\r")


class StrictForm(forms.Form):
    """A form that refuses unknown keys and structured values where a plain value belongs."""

    structured_fields = ()

    def __init__(self, data=None, **kwargs):
        self.unknown = sorted(set(data or {}) - set(self.base_fields)) if isinstance(data, dict) else []
        self.not_single, self.not_text = [], []
        if isinstance(data, dict) and not hasattr(data, "getlist"):
            self.not_single = [
                key for key, value in data.items()
                if key in self.base_fields and key not in self.structured_fields and isinstance(value, (list, dict))
            ]
            # true/false where text or a number belongs is a type error, not the text "True".
            self.not_text = [
                key for key, value in data.items()
                if isinstance(value, bool) and key in self.base_fields
                and not isinstance(self.base_fields[key], forms.BooleanField)
            ]
            wrong = set(self.not_single) | set(self.not_text)
            data = {key: None if key in wrong else self._as_text(key, value) for key, value in data.items()}
        super().__init__(data, **kwargs)

    def _as_text(self, key, value):
        """JSON numbers and booleans reach fields that expect text (dates, codes) as text."""
        field = self.base_fields.get(key)
        if field is None or key in self.structured_fields or value is None or isinstance(value, str):
            return value
        if isinstance(value, bool) and isinstance(field, forms.BooleanField):
            return value
        if isinstance(value, (bool, int, float)):
            return str(value)
        return value

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for key in self.unknown:
            self._errors.setdefault(key, self.error_class()).append(_("Unknown field."))
        for name in self.not_single:
            self._errors[name] = self.error_class([_("Expected a single value, not a list or object.")])
            self.cleaned_data.pop(name, None)
        for name in self.not_text:
            self._errors[name] = self.error_class([_("Expected text or a number, not true or false.")])
            self.cleaned_data.pop(name, None)


def no_control_characters(value):
    """NUL and other control characters: PostgreSQL refuses NUL in text, spreadsheets refuse the rest."""
    if any(unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS for c in value):
        raise forms.ValidationError(_("Remove the control characters (such as NUL) from this text."),
                                    code="control_characters")


def text_field(max_length, required=True, **kwargs):
    validators = [no_control_characters, *kwargs.pop("validators", [])]
    return forms.CharField(max_length=max_length, required=required, strip=True, validators=validators, **kwargs)


# A name holds letters, marks (diacritics, variation selectors), digits, punctuation (·, -, ', （）)
# and spaces. Symbols (emoji, flags, ¥, +), private-use and unassigned code points are no part of
# a legal name or a registered company name.
NAME_REFUSED_CATEGORIES = ("S", "Co", "Cn", "Cs", "Cc")


def name_error(value):
    """None if `value` can be a person's or an organisation's name, else why not."""
    if any(unicodedata.category(c).startswith(NAME_REFUSED_CATEGORIES) for c in value):
        return _("A name cannot contain emoji, symbols or control characters.")
    if not any(unicodedata.category(c).startswith("L") for c in value):
        return _("A name must contain letters or characters.")
    return None


class NameField(forms.CharField):
    """A person's or an organisation's name. Invisible characters (zero-width spaces, joiners, bidi
    marks) are stripped; emoji and symbols are refused; any letter of any script is kept, four-byte
    CJK extension characters (𠇔) included."""

    def __init__(self, max_length, required=True, **kwargs):
        super().__init__(max_length=max_length, required=required, strip=True, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return without_invisible(value).strip() if value else value

    def validate(self, value):
        super().validate(value)
        if value and (message := name_error(value)):
            raise forms.ValidationError(message, code="invalid_name")


class ConsentInput(forms.CheckboxInput):
    """Passes what was sent to the field (CheckboxInput makes any text True, "maybe" included)."""

    def value_from_datadict(self, data, files, name):
        return data.get(name, False)


class ConsentField(forms.BooleanField):
    """Yes only for an unmistakable yes (true, 1, on); "no" or any other text is not consent."""

    widget = ConsentInput
    YES = (True, "true", "True", "1", "on", "yes")
    NO = (False, None, "", "false", "False", "0", "off", "no")

    def to_python(self, value):
        if value in self.YES:
            return True
        if value in self.NO:
            return False
        raise forms.ValidationError(_("Answer yes or no."), code="invalid")


def reason_field():
    return text_field(2000, label=_("reason"))


class AmountField(forms.DecimalField):
    """Money in yuan; full-width digits and point (an IME in full-width mode) read as half-width."""

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
        return super().to_python(value)


def amount_field(required=True, min_value=Decimal("0"), **kwargs):
    return AmountField(
        max_digits=12, decimal_places=2, min_value=min_value, max_value=MAX_AMOUNT, required=required, **kwargs
    )


class IdentifierField(forms.CharField):
    """A code typed by a person: full-width digits, spaces and zero-width marks are forgiven."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_identifier(value) if value else value


def check_not_too_far_ahead(value, field_label):
    """A date that may lie ahead (an extension, a payment), but not beyond MAX_YEARS_AHEAD years."""
    if value is None:
        return
    today = clock.today()
    if value > today.replace(year=today.year + MAX_YEARS_AHEAD, day=min(today.day, 28)):
        raise forms.ValidationError(
            _("%(field)s is more than %(years)d years ahead; please check the year.")
            % {"field": field_label, "years": MAX_YEARS_AHEAD}
        )


def check_past_date(value, field_label):
    """A legally relevant date that has already happened: not in the future, not absurdly old."""
    if value is None:
        return
    if value > clock.today():
        raise forms.ValidationError(_("%(field)s cannot be in the future.") % {"field": field_label})
    if value < EARLIEST_DATE:
        raise forms.ValidationError(_("%(field)s is too far in the past.") % {"field": field_label})


def errors_as_fields(form, prefix=""):
    """A form's errors as {"prefix.field": [message, …]} for one error format everywhere."""
    fields = {}
    for name, messages in form.errors.items():
        key = name if name != "__all__" else "non_field_errors"
        fields[f"{prefix}{key}"] = [str(m) for m in messages]
    return fields

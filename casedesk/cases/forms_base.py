"""Shared plumbing for the domain's data forms: strict input for the API and the web alike."""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import clock
from .identifiers import normalize_identifier

EARLIEST_DATE = datetime.date(1950, 1, 1)
MAX_AMOUNT = Decimal("9999999999.99")


class StrictForm(forms.Form):
    """A form that refuses unknown keys and structured values where a plain value belongs."""

    structured_fields = ()

    def __init__(self, data=None, **kwargs):
        self.unknown = sorted(set(data or {}) - set(self.base_fields)) if isinstance(data, dict) else []
        self.not_single = []
        if isinstance(data, dict) and not hasattr(data, "getlist"):
            self.not_single = [
                key for key, value in data.items()
                if key in self.base_fields and key not in self.structured_fields and isinstance(value, (list, dict))
            ]
            data = {key: None if key in self.not_single else self._as_text(key, value) for key, value in data.items()}
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


def text_field(max_length, required=True, **kwargs):
    return forms.CharField(max_length=max_length, required=required, strip=True, **kwargs)


class ConsentField(forms.BooleanField):
    """Yes only for an unmistakable yes (true, 1, on); "no" or any other text is not consent."""

    YES = (True, "true", "True", "1", "on", "yes")
    NO = (False, None, "", "false", "False", "0", "off", "no")

    def to_python(self, value):
        if value in self.YES:
            return True
        if value in self.NO:
            return False
        raise forms.ValidationError(_("Answer yes or no."), code="invalid")


def reason_field():
    return forms.CharField(label=_("reason"), max_length=2000, strip=True)


def amount_field(required=True, min_value=Decimal("0"), **kwargs):
    return forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=min_value, max_value=MAX_AMOUNT, required=required, **kwargs
    )


class IdentifierField(forms.CharField):
    """A code typed by a person: full-width digits, spaces and zero-width marks are forgiven."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_identifier(value) if value else value


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

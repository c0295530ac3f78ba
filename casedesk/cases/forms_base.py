"""Shared plumbing for the domain's data forms: strict input for the API and the web alike."""

import datetime
import re
import unicodedata
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import clock, roles
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


TOO_LONG_MESSAGE = _("This text has %(show_value)d characters; at most %(limit_value)d are allowed. "
                     "Shorten it: nothing was cut or saved.")


def text_field(max_length, required=True, **kwargs):
    validators = [no_control_characters, *kwargs.pop("validators", [])]
    error_messages = {"max_length": TOO_LONG_MESSAGE, **kwargs.pop("error_messages", {})}
    return forms.CharField(max_length=max_length, required=required, strip=True, validators=validators,
                           error_messages=error_messages, **kwargs)


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
        error_messages = {"max_length": TOO_LONG_MESSAGE, **kwargs.pop("error_messages", {})}
        super().__init__(max_length=max_length, required=required, strip=True, error_messages=error_messages,
                         **kwargs)

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


AMOUNT_MESSAGE = _("Enter the amount in figures, in yuan: for example 5000 or 5000.50 (not in words).")
AMOUNT_PLACES_MESSAGE = _("An amount is in yuan, to the fen at most (two figures after the point).")
AMOUNT_TOO_LARGE_MESSAGE = _("The amount is too large: %(limit_value)s yuan at most.")
AMOUNT_TOO_SMALL_MESSAGE = _("The amount cannot be less than %(limit_value)s yuan.")
# Figures, a point and figures after it: what Decimal() also reads as 1e3, Infinity or 1_000 is no amount.
PLAIN_AMOUNT = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


class AmountField(forms.DecimalField):
    """Money in yuan; full-width digits and point (an IME in full-width mode) read as half-width.
    Anything else ("五千元abc", "¥18,600", "1e3") is refused saying what is expected, never read as
    nothing or as another number; each limit is refused in words about money."""

    default_error_messages = {
        "invalid": AMOUNT_MESSAGE, "max_decimal_places": AMOUNT_PLACES_MESSAGE,
        "max_value": AMOUNT_TOO_LARGE_MESSAGE, "min_value": AMOUNT_TOO_SMALL_MESSAGE,
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip()
            if value and not PLAIN_AMOUNT.fullmatch(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        number = super().to_python(value)
        if number is not None and self.max_value is not None and number > self.max_value:
            # Before the digit counts: one message for a number too long, not two.
            raise forms.ValidationError(self.error_messages["max_value"], code="max_value",
                                        params={"limit_value": self.max_value})
        return number


def amount_field(required=True, min_value=Decimal("0"), **kwargs):
    return AmountField(
        max_digits=12, decimal_places=2, min_value=min_value, max_value=MAX_AMOUNT, required=required, **kwargs
    )


DATETIME_MESSAGE = _("Enter the date and time as 2026-12-02 15:00, or as 2026年12月2日 下午3点.")
# 2026年12月2日 下午3点, 2026年12月2号15:30, 2026年12月2日 下午3点半, 2026/12/2 15:00
WRITTEN_DATETIME = re.compile(
    r"^(?P<y>\d{4})\s*[年/.\-]\s*(?P<m>\d{1,2})\s*[月/.\-]\s*(?P<d>\d{1,2})\s*[日号]?\s*[T ]?\s*"
    r"(?P<part>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)?\s*"
    r"(?P<h>\d{1,2})\s*(?:[点时:]\s*(?:(?P<half>半)|(?P<min>\d{1,2})\s*分?)?)?$"
)
AFTERNOON = ("下午", "傍晚", "晚上")


def read_written_datetime(text):
    """"2026年12月2日 下午3点" (and the like) as "2026-12-02 15:00"; None if it is not written so."""
    match = WRITTEN_DATETIME.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    hour, minute = int(match["h"]), 30 if match["half"] else int(match["min"] or 0)
    part = match["part"]
    if part in AFTERNOON and hour < 12:
        hour += 12
    elif part == "中午" and hour < 11:
        hour += 12
    elif part in ("凌晨", "早上", "早晨", "上午") and hour > 12:
        return None  # 上午15点: not a time
    return f"{int(match['y']):04d}-{int(match['m']):02d}-{int(match['d']):02d} {hour:02d}:{minute:02d}"


class WrittenDateTimeField(forms.DateTimeField):
    """A date and time from a picker ("2026-12-02T15:00"), typed ("2026-12-02 15:00") or written the
    common Chinese way ("2026年12月2日 下午3点"); anything else is refused with the format expected."""

    default_error_messages = {"invalid": DATETIME_MESSAGE}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            value = read_written_datetime(value) or value.strip()
        return super().to_python(value)


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


def check_service_date(day, field_label):
    """The day of a service record (a consultation, an outreach event): it has happened, and it is in
    this year or the last. The union reports each year's figures early in the next: a record dated
    before that would change a report already sent, and is far more often a typing mistake."""
    check_past_date(day, field_label)
    if day < earliest_service_date():
        raise forms.ValidationError(
            _("%(field)s is before 1 January of last year: records of earlier years are in reports already "
              "sent. Check the date.") % {"field": field_label})


def earliest_service_date():
    """The first day a service record may be dated: 1 January of last year."""
    return datetime.date(clock.today().year - 1, 1, 1)


def errors_as_fields(form, prefix=""):
    """A form's errors as {"prefix.field": [message, …]} for one error format everywhere."""
    fields = {}
    for name, messages in form.errors.items():
        key = name if name != "__all__" else "non_field_errors"
        fields[f"{prefix}{key}"] = [str(m) for m in messages]
    return fields


class UserChoiceField(forms.ModelChoiceField):
    """A member of staff chosen from a list: each named by full name (casedesk.cases.roles.full_name)."""

    def label_from_instance(self, obj):
        return roles.full_name(obj)

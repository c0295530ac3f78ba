"""Chinese identifiers: resident ID numbers, unified social credit codes, phone numbers.

The checks take the value exactly as given; run `normalize_identifier` first
(in the form or serializer) so that what is validated is what gets stored.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import clock

ID_FORMAT_MESSAGE = _("An ID card number has 18 characters: 17 digits followed by a digit or X.")
ID_BIRTH_DATE_MESSAGE = _("The birth date in this ID card number is not a possible date.")
ID_CHECK_MESSAGE = _("The last character of this ID card number does not match; please check for a typing mistake.")
USCC_FORMAT_MESSAGE = _(
    "A unified social credit code has 18 characters: digits and capital letters except I, O, Z, S and V."
)
USCC_CHECK_MESSAGE = _(
    "The last character of this unified social credit code does not match; please check for a typing mistake."
)
PHONE_MESSAGE = _("Enter an 11-digit mobile number or a landline number with its area code, such as 0571-88888888.")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

# [0-9], not \d: \d also matches full-width and other Unicode digits.
ID_PATTERN = re.compile(r"[0-9]{17}[0-9X]")
USCC_PATTERN = re.compile(f"[{USCC_ALPHABET}]{{18}}")
MOBILE_PATTERN = re.compile(r"1[3-9][0-9]{9}")
LANDLINE_PATTERN = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?")

def without_invisible(value: str) -> str:
    """`value` without format characters (Unicode Cf): zero-width spaces and joiners, BOM,
    word joiner, bidi marks. Pasted from chat apps and web pages, unseen by whoever typed."""
    return "".join(c for c in value if unicodedata.category(c) != "Cf")


def normalize_identifier(value: str) -> str:
    """NFKC (full-width digits and letters to half-width), no spaces or invisible characters, upper case."""
    if not value:
        return ""
    value = without_invisible(unicodedata.normalize("NFKC", value))
    return "".join(value.split()).upper()


def _id_check_char(body17: str) -> str:
    return ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def _uscc_check_char(body17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _embedded_birth_date(value: str) -> date | None:
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def resident_id_error(value, *, today: date | None = None):
    """None if `value` is a valid resident ID number (GB 11643-1999), else why not."""
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        return ID_FORMAT_MESSAGE
    today = today or clock.today()  # the desk's day in China (a birth date is a calendar date there)
    birth = _embedded_birth_date(value)
    if birth is None or not EARLIEST_BIRTH_DATE <= birth <= today:
        return ID_BIRTH_DATE_MESSAGE
    if _id_check_char(value[:17]) != value[17]:
        return ID_CHECK_MESSAGE
    return None


def validate_resident_id(value) -> None:
    if (message := resident_id_error(value)) is not None:
        raise ValidationError(message, code="invalid_id_number")


def birth_date_from_resident_id(value: str) -> date:
    """The birth date inside a valid resident ID number; ValidationError otherwise."""
    validate_resident_id(value)
    return _embedded_birth_date(value)


def uscc_error(value):
    """None if `value` is a valid unified social credit code (GB 32100-2015), else why not."""
    if not isinstance(value, str) or not USCC_PATTERN.fullmatch(value):
        return USCC_FORMAT_MESSAGE
    if _uscc_check_char(value[:17]) != value[17]:
        return USCC_CHECK_MESSAGE
    return None


def validate_uscc(value) -> None:
    if (message := uscc_error(value)) is not None:
        raise ValidationError(message, code="invalid_uscc")


def mobile_error(value):
    """None if `value` is a mainland mobile or landline number, else why not."""
    if isinstance(value, str) and (MOBILE_PATTERN.fullmatch(value) or LANDLINE_PATTERN.fullmatch(value)):
        return None
    return PHONE_MESSAGE


def validate_phone(value) -> None:
    if (message := mobile_error(value)) is not None:
        raise ValidationError(message, code="invalid_phone")


def mask_id_number(value: str) -> str:
    """110105********002X for an 18-character number; other documents keep 2 + 2."""
    if not value:
        return ""
    keep_start, keep_end = (6, 4) if len(value) == 18 else (2, 2)
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_phone(value: str) -> str:
    """138****8000 for a mobile; other numbers keep only their last 4 characters."""
    if not value:
        return ""
    if MOBILE_PATTERN.fullmatch(value):
        return value[:3] + "****" + value[-4:]
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


def make_resident_id(area: str, birth: date, order: int) -> str:
    """A valid resident ID number, for tests and demo data."""
    if not re.fullmatch(r"[0-9]{6}", area) or not 0 <= order <= 999:
        raise ValueError("area must be 6 digits and order 0..999")
    body = f"{area}{birth.year:04d}{birth.month:02d}{birth.day:02d}{order:03d}"
    return body + _id_check_char(body)


def make_uscc(body17: str) -> str:
    """`body17` with its check character appended, for tests and demo data."""
    if not re.fullmatch(f"[{USCC_ALPHABET}]{{17}}", body17):
        raise ValueError("body17 must be 17 characters from the USCC alphabet")
    return body17 + _uscc_check_char(body17)

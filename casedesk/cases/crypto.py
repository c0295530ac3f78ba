"""Field-level encryption of personal data (ID numbers, phones, bank accounts).

Ciphertext: Fernet (AES-128-CBC + HMAC-SHA256) from the `cryptography` package, through
MultiFernet over the keys in setting CASEDESK_FIELD_KEY (comma-separated Fernet keys). The
first key encrypts; every key decrypts, so a key is rotated by putting a new key first and
running `manage.py rotate_field_key`, after which the old key may be dropped.

Exact-match search and duplicate detection go through a keyed hash: HMAC-SHA256 over the
normalised value, with a hash key derived by HKDF-SHA256 from the FIRST field key (no second
variable to keep). Rotating the first key therefore changes every digest too;
`rotate_field_key` rewrites them in the same pass.

`key_fingerprint()` is a short keyed hash of a fixed constant under the current key: a backup
records it and a restore compares it, so ciphertext and digests are never restored on a
machine that cannot read them. `fingerprints()` gives one per configured key.
"""

import base64
import binascii
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models

# The fallback casedesk/settings.py uses when CASEDESK_FIELD_KEY is unset (local, demo, tests);
# `manage.py check --deploy` warns while it is among the keys (casedesk.cases.checks).
DEVELOPMENT_KEY = base64.urlsafe_b64encode(b"casedesk-local-development-key!!").decode()

_HASH_INFO = b"casedesk field digest v1"
_FINGERPRINT_CONSTANT = b"casedesk field key fingerprint v1"
FINGERPRINT_LENGTH = 16


class FieldKeyError(Exception):
    """Stored ciphertext cannot be read with the configured CASEDESK_FIELD_KEY."""


def configured_keys():
    """The keys of CASEDESK_FIELD_KEY in order (first encrypts), as strings."""
    raw = getattr(settings, "CASEDESK_FIELD_KEY", "") or ""
    if isinstance(raw, (list, tuple)):
        keys = [str(k).strip() for k in raw if str(k).strip()]
    else:
        keys = [k.strip() for k in str(raw).split(",") if k.strip()]
    if not keys:
        raise ImproperlyConfigured("CASEDESK_FIELD_KEY is empty: set one or more Fernet keys, comma-separated.")
    return keys


@functools.lru_cache(maxsize=1)
def _state():
    keys = configured_keys()
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, binascii.Error):
            raise ImproperlyConfigured(
                f"CASEDESK_FIELD_KEY: key {position} is not a Fernet key (32 url-safe base64-encoded bytes; "
                'make one with: python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())")'
            ) from None
    hash_keys = [_derive_hash_key(key) for key in keys]
    return MultiFernet(fernets), fernets, hash_keys


def _derive_hash_key(key):
    raw = base64.urlsafe_b64decode(key.encode())
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HASH_INFO).derive(raw)


def _reset(**kwargs):
    if kwargs.get("setting") in (None, "CASEDESK_FIELD_KEY"):
        _state.cache_clear()


setting_changed.connect(_reset, dispatch_uid="casedesk-field-key-reset")


def is_ciphertext(value):
    """Whether a stored value looks like a Fernet token (version byte 0x80: 'gAAAAA...')."""
    return isinstance(value, str) and value.startswith("gAAAAA")


def encrypt(text):
    """A Fernet token (str) for `text` under the current key; "" and None pass through unchanged."""
    if text is None or text == "":
        return text
    multi, _fernets, _hash_keys = _state()
    return multi.encrypt(str(text).encode("utf-8")).decode("ascii")


def decrypt(token):
    """The text of a Fernet token; "" and None pass through. A token no key reads raises FieldKeyError."""
    if token is None or token == "":
        return token
    multi, _fernets, _hash_keys = _state()
    try:
        return multi.decrypt(str(token).encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise FieldKeyError(
            "Stored personal data cannot be decrypted with CASEDESK_FIELD_KEY (key fingerprint "
            f"{key_fingerprint()}): the data was encrypted with another key, or the value is not ciphertext. "
            "Set CASEDESK_FIELD_KEY to the key this database was written with (older keys after the first)."
        ) from None


def rotate(token):
    """The token re-encrypted under the current key (any configured key may have written it)."""
    if token is None or token == "":
        return token
    multi, _fernets, _hash_keys = _state()
    try:
        return multi.rotate(str(token).encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError):
        decrypt(token)  # raises the explanatory FieldKeyError
        raise


def normalise(text):
    """The form a value is hashed in: no whitespace, upper case (ID numbers end in X or x)."""
    return "".join(str(text).split()).upper()


def phone_key(text):
    """A phone number as hashed: its digits only, so 0571-88886666 and 057188886666 match."""
    return "".join(c for c in str(text) if "0" <= c <= "9")


NORMALISERS = {"text": normalise, "phone": phone_key}


def digest(text, kind="text"):
    """Keyed hash (HMAC-SHA256, hex) of the normalised value, for exact-match lookups; "" for empty.

    `kind` picks the normalisation: "text" (ID numbers: no spaces, upper case) or "phone" (digits).
    """
    if text is None:
        return ""
    value = NORMALISERS[kind](text)
    if not value:
        return ""
    _multi, _fernets, hash_keys = _state()
    return hmac.new(hash_keys[0], value.encode("utf-8"), hashlib.sha256).hexdigest()


def key_fingerprint():
    """A short keyed hash of a fixed constant under the current (first) key."""
    return fingerprints()[0]


def fingerprints():
    """The fingerprint of every configured key, the current one first."""
    _multi, _fernets, hash_keys = _state()
    return [
        hmac.new(key, _FINGERPRINT_CONSTANT, hashlib.sha256).hexdigest()[:FINGERPRINT_LENGTH] for key in hash_keys
    ]


def uses_development_key():
    return DEVELOPMENT_KEY in configured_keys()


class EncryptedTextField(models.TextField):
    """A text column that holds Fernet ciphertext; Python code sees the clear value.

    Ciphertext differs on every save, so the column cannot be filtered on except for
    emptiness (`field=""`, `field__isnull`): look values up through a DigestField.
    """

    stores_ciphertext = True

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "casedesk.cases.crypto.EncryptedTextField", args, kwargs

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def to_python(self, value):
        if is_ciphertext(value):
            return decrypt(value)
        return super().to_python(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return _EmptyOnlyExact
        raise FieldError(_not_searchable(self, lookup_name))

    def value_to_string(self, obj):
        # Serialisation (dumpdata) writes what the database holds: ciphertext, never clear text.
        return encrypt(self.value_from_object(obj))


def _not_searchable(field, how):
    digests = [f.name for f in field.model._meta.fields if getattr(f, "source", None) == field.name]
    where = digests[0] if digests else "a digest column"
    return (
        f"{field.model.__name__}.{field.name} is encrypted and cannot be searched with '{how}'; "
        f"filter on {where} with crypto.digest(value) instead."
    )


class _EmptyOnlyExact(models.lookups.Exact):
    """`field=""` only ("" is stored as it is); a value would meet fresh, never-equal ciphertext."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(_not_searchable(self.lhs.output_field, "exact"))
        return super().get_prep_lookup()


class DigestField(models.CharField):
    """The keyed hash of another (encrypted) field of the model, recomputed on every save.

    Saving with update_fields that name the source must name this field too:
    `with_digests(instance, update_fields)` adds it.
    """

    def __init__(self, *args, source, kind="text", **kwargs):
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if self.kind != "text":
            kwargs["kind"] = self.kind
        for key, default in (("max_length", 64), ("blank", True), ("default", ""), ("editable", False)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, "casedesk.cases.crypto.DigestField", args, kwargs

    def pre_save(self, model_instance, add):
        value = digest(getattr(model_instance, self.source), self.kind)
        setattr(model_instance, self.attname, value)
        return value


def with_digests(instance, update_fields):
    """`update_fields` plus the digest fields of any source field it names (None stays None)."""
    if update_fields is None:
        return None
    names = set(update_fields)
    for f in instance._meta.concrete_fields:
        if isinstance(f, DigestField) and f.source in names:
            names.add(f.name)
    return names

"""Verification codes: the capability printed under each document's QR code.

A code is 20 characters of Crockford's base32 (digits and capitals without I, L, O, U: nothing a
clerk can misread or mistype as another character) in groups of four, e.g. 7K2M-QX9D-4TRB-0WZE-H3NP:
100 random bits. Typed back, case, spaces and hyphens do not matter, and O, I and L read as 0, 1
and 1. Documents issued before this format carry a URL-safe code, still found as written.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_LENGTH = 5, 4
MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})
TYPED = re.compile(r"[0-9A-Za-z\s-]{1,64}")
# What earlier versions wrote (secrets.token_urlsafe); anything else, NUL included, names nothing.
EARLIER_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_code():
    return _grouped("".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH)))


def _grouped(characters):
    return "-".join(characters[i:i + GROUP_LENGTH] for i in range(0, len(characters), GROUP_LENGTH))


def candidates(typed):
    """The stored codes `typed` may stand for: the code as written (the earlier format) and its
    canonical reading; none for text that cannot be a code."""
    if not isinstance(typed, str):
        return []
    found = [typed] if EARLIER_CODE.fullmatch(typed) else []
    if TYPED.fullmatch(typed):
        bare = re.sub(r"[\s-]", "", typed).upper().translate(MISREAD)
        if len(bare) == GROUPS * GROUP_LENGTH and all(c in ALPHABET for c in bare):
            found.append(_grouped(bare))
    return found

"""A row's id as people and programs send it: ASCII digits, at most nine of them (an integer column's
range). Anything else (a superscript ² that str.isdigit() takes for a digit, a number too large for the
column, a sign, a space inside) is no id: the caller answers it as a bad value, never a 500."""

MAX_DIGITS = 9


def parse_id(raw):
    """The id in `raw` as an int, or None if `raw` is not one."""
    text = str(raw if raw is not None else "").strip()
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text)
    return None

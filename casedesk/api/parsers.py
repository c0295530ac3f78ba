from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def has_lone_surrogate(value):
    """True if any string in `value` (keys included) holds half a UTF-16 pair, as JSON's "\\ud800"
    can write: no database stores it and no UTF-8 answer can repeat it."""
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    return False


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, with absurdly nested input and unstorable characters refused as malformed."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None
        try:
            surrogate = has_lone_surrogate(data)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None
        if surrogate:
            raise ParseError(_("The JSON contains an invalid character (half of a UTF-16 surrogate pair)."))
        return data

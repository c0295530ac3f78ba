"""The refusals each API operation declares in its OpenAPI schema, all in the one error shape
of casedesk.web.json_errors: {"error", "detail", "fields"}."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


SIGNED_IN = (401,)  # no token or session, or a wrong one
JSON_BODY = (400, 413, 415)  # malformed or invalid, over CASEDESK_MAX_BODY_BYTES, not JSON
NAMES_A_CASE = (404,)  # the case (or document) does not exist or is hidden from this user
CHANGES_A_CASE = (403, 409)  # not this user's to do; not from the case's current state


def refusals(*groups):
    """{status: ErrorSerializer} for every status in `groups`."""
    return {code: ErrorSerializer for group in groups for code in group}

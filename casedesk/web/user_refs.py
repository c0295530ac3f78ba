"""A user as the JSON API names one: {"id", "name"} (the full name, else the user name), or null."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def person_name(user):
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.username}


class UserRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


@extend_schema_field(UserRef(allow_null=True))
class UserRefField(serializers.Field):
    def to_representation(self, value):
        return person_name(value)

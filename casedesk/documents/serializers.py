"""How documents look in JSON. The verification view shows no personal data and no case."""

from django.urls import reverse
from rest_framework import serializers

from casedesk.web.user_refs import UserRefField

from .kinds import Kind
from .models import GeneratedDocument


class DocumentCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)


class DocumentSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="name", read_only=True)
    pdf_url = serializers.SerializerMethodField()
    created_by = UserRefField(read_only=True)

    class Meta:
        model = GeneratedDocument
        fields = [
            "id", "kind", "kind_display", "number", "version", "sha256", "size", "pages", "verification_code",
            "pdf_url", "created_by", "created_at",
        ]

    def get_pdf_url(self, document) -> str:
        return reverse("api-document-pdf", args=[document.pk])


class VerificationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_display = serializers.CharField()
    number = serializers.CharField()
    version = serializers.IntegerField()
    latest_version = serializers.IntegerField(help_text="a higher number than version: a newer version was issued")
    issued_at = serializers.DateTimeField()
    issued_on = serializers.DateField(help_text="the issue date in the desk's time zone")
    sha256 = serializers.CharField(help_text="of the PDF's bytes, as issued")

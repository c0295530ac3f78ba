"""GET /api/access-log/: the personal-data access log as JSON, for supervisors only; read-only."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from casedesk.web.permissions import SupervisorsOnly
from casedesk.web.schema_responses import SIGNED_IN, refusals

from . import access_log


class AccessLogReaders(SupervisorsOnly):
    message = _("Only supervisors may read the access log.")


class AccessLogUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name", help_text="full name; empty when none is recorded")


class AccessLogCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class AccessLogEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    user = AccessLogUserSerializer()
    case = AccessLogCaseSerializer(allow_null=True, help_text="null for an export: see detail.case_ids")
    action = serializers.CharField(help_text="view_case, download_document, export_cases, export_timeline, …")
    action_label = serializers.SerializerMethodField()
    detail = serializers.JSONField(help_text="what was seen or exported: format, count, case_ids, document, …")
    views = serializers.IntegerField(help_text="how many times: the same view again within "
                                               "CASEDESK_ACCESS_LOG_REPEAT_MINUTES of the last is counted here")
    last_at = serializers.DateTimeField(allow_null=True, help_text="the last of those views (null: only one)")

    def get_action_label(self, entry) -> str:
        return str(access_log.action_label(entry.action))


@extend_schema(
    parameters=[
        OpenApiParameter("user", OpenApiTypes.INT, description="only this user's rows (user id)"),
        OpenApiParameter("case", str, description="only rows about this case (case number), exports that included it too"),
        OpenApiParameter("action", str, description="only this action, e.g. view_case"),
        OpenApiParameter("from", OpenApiTypes.DATE, description="first day, YYYY-MM-DD (Asia/Shanghai)"),
        OpenApiParameter("to", OpenApiTypes.DATE, description="last day, YYYY-MM-DD, included"),
    ],
    # 404: a page number past the end.
    responses={200: AccessLogEntrySerializer(many=True), **refusals(SIGNED_IN, (400, 403, 404))},
)
class AccessLogList(ListAPIView):
    """Who saw unmasked personal data or exported it, newest first. Nobody can change it."""

    serializer_class = AccessLogEntrySerializer
    permission_classes = [AccessLogReaders]

    def get_queryset(self):
        return access_log.entries(access_log.parse_filters(self.request.query_params), self.request.user)

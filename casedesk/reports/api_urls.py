from django.urls import path

from . import access_log_api, api

urlpatterns = [
    path("cases/<int:case_id>/audit/", api.case_audit, name="api-case-audit"),
    path("stats/", api.stats_view, name="api-stats"),
    path("access-log/", access_log_api.AccessLogList.as_view(), name="api-access-log"),
]

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from casedesk.documents import api as document_api
from casedesk.reports import access_log_api
from casedesk.reports import api as report_api

from . import views

urlpatterns = [
    path("auth/token/", views.obtain_token, name="api-token"),
    path("cases/", views.CaseListCreate.as_view(), name="api-cases"),
    path("cases/<int:case_id>/", views.case_detail, name="api-case"),
    path("cases/<int:case_id>/transitions/<str:name>/", views.case_transition, name="api-case-transition"),
    path("cases/<int:case_id>/timeline/", views.case_timeline, name="api-case-timeline"),
    path("cases/<int:case_id>/corrections/", views.case_corrections, name="api-case-corrections"),
    path("cases/<int:case_id>/documents/", document_api.case_documents, name="api-case-documents"),
    path("documents/<int:document_id>/pdf/", document_api.document_pdf, name="api-document-pdf"),
    path("verify/<str:code>/", document_api.verify, name="api-document-verify"),
    path("cases/<int:case_id>/audit/", report_api.case_audit, name="api-case-audit"),
    path("stats/", report_api.stats_view, name="api-stats"),
    path("access-log/", access_log_api.AccessLogList.as_view(), name="api-access-log"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

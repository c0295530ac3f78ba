"""The case API's own routes; each app adds its API routes under /api/ in casedesk/urls.py."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

urlpatterns = [
    path("auth/token/", views.obtain_token, name="api-token"),
    path("cases/", views.CaseListCreate.as_view(), name="api-cases"),
    path("cases/<int:case_id>/", views.case_detail, name="api-case"),
    path("cases/<int:case_id>/transitions/<str:name>/", views.case_transition, name="api-case-transition"),
    path("cases/<int:case_id>/timeline/", views.case_timeline, name="api-case-timeline"),
    path("cases/<int:case_id>/corrections/", views.case_corrections, name="api-case-corrections"),
    path("cases/<int:case_id>/transfer/", views.case_transfer, name="api-case-transfer"),
    path("units/", views.unit_list, name="api-units"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

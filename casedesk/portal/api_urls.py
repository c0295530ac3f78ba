from django.urls import path

from . import api

urlpatterns = [
    path("portal/applications/", api.Applications.as_view(), name="api-portal-applications"),
    path("portal/units/", api.unit_choices, name="api-portal-units"),
    path("portal/applications/<str:tracking_number>/", api.application_status, name="api-portal-application"),
    path("portal/applications/<str:tracking_number>/documents/<int:document_id>/", api.application_document,
         name="api-portal-document"),
    path("portal/applications/<str:tracking_number>/register/", api.register, name="api-portal-register"),
    path("portal/applications/<str:tracking_number>/decline/", api.decline, name="api-portal-decline"),
]

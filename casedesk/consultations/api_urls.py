from django.urls import path

from . import api

urlpatterns = [
    path("consultations/", api.ConsultationListCreate.as_view(), name="api-consultations"),
    path("consultations/<int:consultation_id>/", api.consultation_detail, name="api-consultation"),
    path("consultations/<int:consultation_id>/convert/", api.convert, name="api-consultation-convert"),
]

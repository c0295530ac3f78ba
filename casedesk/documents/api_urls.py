from django.urls import path

from . import api

urlpatterns = [
    path("cases/<int:case_id>/documents/", api.case_documents, name="api-case-documents"),
    path("documents/<int:document_id>/pdf/", api.document_pdf, name="api-document-pdf"),
    path("verify/<str:code>/", api.verify, name="api-document-verify"),
]

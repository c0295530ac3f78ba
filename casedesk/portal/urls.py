from django.urls import path

from . import outbox, views

app_name = "portal"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.applied, name="applied"),
    path("track/", views.track, name="track"),
    path("track/leave/", views.leave, name="leave"),
    path("track/answer/", views.answer, name="answer"),
    path("track/documents/<int:document_id>/", views.document, name="document"),
    path("outbox/", outbox.outbox, name="outbox"),
    path("cases/<int:case_id>/evidence/<int:evidence_id>/", views.staff_evidence, name="evidence"),
]

from django.urls import path
from django.views.generic import RedirectView

from . import access_log_views, timeline_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("stats/", views.stats_page, name="stats"),
    path("annual/", views.annual_page, name="annual"),
    path("annual/export/", views.annual_export, name="annual-export"),
    path("cases/", views.cases_page, name="cases"),
    path("cases/export/", views.export_cases, name="export-cases"),
    path("consultations/export/", views.export_consultations, name="export-consultations"),
    path("cases/<int:case_id>/timeline/", timeline_views.timeline_page, name="timeline"),
    path("cases/<int:case_id>/timeline.csv", timeline_views.timeline_csv, name="timeline-csv"),
    path("cases/<int:case_id>/timeline.pdf", timeline_views.timeline_pdf, name="timeline-pdf"),
    path("overdue/", RedirectView.as_view(pattern_name="deadlines"), name="overdue"),  # the desk's deadline page
    path("reminders/", views.reminders_page, name="reminders"),
    path("access-log/", access_log_views.access_log_page, name="access-log"),
    path("jobs/<int:job_id>/", views.job_page, name="job"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="job-progress"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job-download"),
]

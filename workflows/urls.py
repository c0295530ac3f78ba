"""The addresses under /workflow/: viewflow's pages are not served (its dashboard, queues and task
pages were a second, English screen for each step); every old address leads to the desk
(workflows.views.old_address): a task's or a process's to its case page, any other to home."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:flow>/<int:process_pk>/<str:node>/<int:task_pk>/", views.old_address),
    path("<str:flow>/<int:process_pk>/<str:node>/<int:task_pk>/<path:rest>", views.old_address),
    path("<str:flow>/<int:process_pk>/", views.old_address),
    path("<str:flow>/<int:process_pk>/<path:rest>", views.old_address),
    path("", views.old_address, name="workflow-old-address"),
    path("<path:rest>", views.old_address),
]

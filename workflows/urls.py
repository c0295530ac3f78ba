"""The addresses under /workflow/: viewflow's pages are not served (its dashboard, queues and task
pages were a second, English screen for each step); every old address leads to the desk
(workflows.views.old_address)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.old_address, name="workflow-old-address"),
    path("<path:rest>", views.old_address),
]

from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("new/", views.event_new, name="event-new"),
    path("<int:event_id>/", views.event_detail, name="event"),
]

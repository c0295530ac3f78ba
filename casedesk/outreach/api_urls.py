from django.urls import path

from . import api

urlpatterns = [
    path("outreach-events/", api.EventListCreate.as_view(), name="api-outreach-events"),
    path("outreach-events/kinds/", api.event_kinds, name="api-outreach-event-kinds"),
    path("outreach-events/<int:event_id>/", api.event_detail, name="api-outreach-event"),
]

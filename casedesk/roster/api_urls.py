from django.urls import path

from . import api

urlpatterns = [
    path("cases/<int:case_id>/mediator-recommendations/", api.recommendations, name="api-case-recommendations"),
]

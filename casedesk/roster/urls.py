from django.urls import path

from . import views

app_name = "roster"
urlpatterns = [
    path("", views.roster, name="index"),
    path("mediators/<int:mediator_id>/", views.edit_profile, name="edit"),
    path("<int:unit_id>/print/", views.print_roster, name="print"),
]

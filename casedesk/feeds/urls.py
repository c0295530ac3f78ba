from django.urls import path

from . import views

app_name = "feeds"
urlpatterns = [
    path("account/calendar/", views.subscription, name="subscription"),
    path("calendar/<str:secret>.ics", views.calendar, name="calendar"),
]

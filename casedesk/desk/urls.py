from django.urls import path

from .views import calendar, cases, employers, home, registration, supervision

app_name = "desk"
urlpatterns = [
    path("", home.home, name="home"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/new/", registration.register, name="register"),
    path("cases/<int:case_id>/", cases.case_detail, name="case"),
    path("cases/<int:case_id>/actions/<str:name>/", cases.case_action, name="case-action"),
    path("cases/<int:case_id>/sessions/", cases.case_session, name="case-session"),
    path("cases/<int:case_id>/steps/<str:name>/", cases.case_step, name="case-step"),
    path("employers/lookup/", employers.employer_lookup, name="employer-lookup"),
    path("supervisor/board/", supervision.assignment_board, name="board"),
    path("supervisor/calendar/", calendar.calendar_page, name="calendar"),
    path("deadlines/", supervision.overdue_list, name="deadlines"),
]

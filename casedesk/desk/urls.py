from django.urls import path

from .views import calendar, cases, employers, home, online, registration, relations, supervision

app_name = "desk"
urlpatterns = [
    path("", home.home, name="home"),
    path("tasks/", home.all_tasks, name="tasks"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/new/", registration.register, name="register"),
    path("cases/new/identity/", registration.identity_lookup, name="identity-lookup"),
    path("online-applications/", online.online_applications, name="online-applications"),
    path("cases/<int:case_id>/", cases.case_detail, name="case"),
    path("cases/<int:case_id>/actions/<str:name>/", cases.case_action, name="case-action"),
    path("cases/<int:case_id>/sessions/", cases.case_session, name="case-session"),
    path("cases/<int:case_id>/steps/<str:name>/", cases.case_step, name="case-step"),
    path("cases/<int:case_id>/corrections/", cases.case_correction, name="case-correction"),
    path("employers/lookup/", employers.employer_lookup, name="employer-lookup"),
    path("supervisor/board/", supervision.assignment_board, name="board"),
    path("supervisor/calendar/", calendar.calendar_page, name="calendar"),
    path("relations/", relations.relations, name="relations"),
    path("relations/<int:relation_id>/withdraw/", relations.withdraw_relation, name="relation-withdraw"),
]

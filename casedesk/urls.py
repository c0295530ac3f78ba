from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from casedesk.desk import views as desk_views
from casedesk.desk.views import account as account_views
from casedesk.desk.views import documents as desk_document_views
from casedesk.documents import views as document_views
from casedesk.reports import views as report_views

urlpatterns = [
    path("login/", account_views.Login.as_view(), name="login"),
    path("login/code/", account_views.login_code, name="login-code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account_views.PasswordChange.as_view(), name="password-change"),
    path("password/identity/", account_views.staff_identity, name="staff-identity"),
    path("password/two-factor/", account_views.two_factor_setup, name="two-factor"),
    path("keepalive/", account_views.keepalive, name="keepalive"),
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg", permanent=True)),
    path("api/", include("casedesk.api.urls")),
    path("api/", include("casedesk.documents.api_urls")),
    path("api/", include("casedesk.reports.api_urls")),
    path("api/", include("casedesk.consultations.api_urls")),
    path("api/", include("casedesk.outreach.api_urls")),
    path("api/", include("casedesk.payments.api_urls")),
    path("api/", include("casedesk.roster.api_urls")),
    path("api/", include("casedesk.portal.api_urls")),
    path("admin/", admin.site.urls),
    path("workflow/", include("workflows.urls")),
    path("verify/<str:code>/", document_views.verify, name="document-verify"),
    path("cases/<int:case_id>/documents/<str:kind>/issue/", desk_document_views.issue_missing,
         name="document-issue-missing"),
    # The one deadline page, for every role (casedesk.cases.deadlines has the rule).
    path("deadlines/", report_views.overdue_page, name="deadlines"),
    path("cases/<int:case_id>/documents/<str:kind>/", desk_document_views.issue_document, name="document-issue"),
    path("reports/", include("casedesk.reports.urls")),
    path("", include("casedesk.feeds.urls")),
    path("consultations/", include("casedesk.consultations.urls")),
    path("outreach/", include("casedesk.outreach.urls")),
    path("roster/", include("casedesk.roster.urls")),
    path("", include("casedesk.portal.urls")),
    # The pictures of the portal's challenge after a burst (casedesk.portal.challenge).
    path("captcha/", include("captcha.urls")),
    path("", include("casedesk.desk.urls")),
]

handler403 = desk_views.forbidden
handler404 = desk_views.not_found
handler500 = desk_views.server_error

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path


from casedesk.desk import views as desk_views
from casedesk.documents import views as document_views
from workflows.urls import site as workflow_site

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="desk/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("casedesk.api.urls")),
    path("admin/", admin.site.urls),
    path("workflow/", workflow_site.urls),
    path("verify/<str:code>/", document_views.verify, name="document-verify"),
    path("reports/", include("casedesk.reports.urls")),
    path("", include("casedesk.desk.urls")),
]

handler404 = desk_views.not_found
handler500 = desk_views.server_error

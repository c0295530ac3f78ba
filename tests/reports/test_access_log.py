"""The personal-data access log (issue 8): every unmasked view and every export is written to
it, supervisors can read it (page and GET /api/access-log/), and no one can edit it."""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.urls import get_resolver
from django.utils import timezone, translation

from casedesk.cases import access
from casedesk.cases.labels import ACCESS_ACTIONS as ACTION_LABELS
from casedesk.cases.models import Case, PersonalDataAccess
from casedesk.documents.rendering import render_document
from casedesk.reports.access_log import FILTER_LABELS
from tests.conftest import AGREEMENT, unchanged
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/reports/access-log/"
API = "/api/access-log/"


def rows(**filters):
    return list(PersonalDataAccess.objects.filter(**filters).order_by("id"))


@pytest.fixture
def logged(register, supervisor, mediator, volunteer):
    """Three rows by two people on two cases, written by the real logging call, oldest first (the
    workers have no document at hand: registering them looks no number up, which would be logged)."""
    nobody = {"name": "无证件工人", "id_type": "none", "employment_form": "informal"}
    first, second = register(applicants=[nobody]), register(applicants=[nobody])
    access.log_personal_data_access(supervisor, first, "view_case")
    access.log_personal_data_access(mediator, second, "view_case")
    access.log_personal_data_access(supervisor, None, "export_cases", format="csv", count=1, case_ids=[second.pk])
    return first, second


# Only supervisors read it -------------------------------------------------------------------

def test_a_supervisor_reads_the_log_page_newest_first(client, supervisor, logged):
    first, second = logged
    client.force_login(supervisor)
    page = client.get(PAGE).content.decode()
    table = page.split("<tbody>", 1)[1]
    with translation.override("zh-hans"):
        assert str(ACTION_LABELS["export_cases"]) in table and str(ACTION_LABELS["view_case"]) in table
    assert table.index(second.number) < table.index(first.number)  # newest first
    assert 'id="entry-count">3<' in page and "mediator1" in table and "supervisor1" in table


def test_the_reports_index_links_supervisors_to_the_log(client, supervisor, volunteer):
    client.force_login(supervisor)
    assert f'href="{PAGE}"' in client.get("/reports/").content.decode()
    client.force_login(volunteer)
    assert f'href="{PAGE}"' not in client.get("/reports/").content.decode()


@pytest.mark.parametrize("role", ["volunteer", "mediator", "outsider"])
def test_no_one_but_a_supervisor_reads_the_log_page(client, request, role, logged):
    client.force_login(request.getfixturevalue(role))
    response = client.get(PAGE)
    assert response.status_code == 403 and logged[0].number not in response.content.decode()


def test_the_log_page_asks_a_stranger_to_log_in(client, logged):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("role", ["volunteer", "mediator", "outsider"])
def test_no_one_but_a_supervisor_reads_the_log_through_the_api(api, request, role, logged):
    response = api(request.getfixturevalue(role)).get(API)
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden" and "results" not in response.json()


def test_the_api_asks_a_stranger_to_authenticate(api, logged):
    response = api(None).get(API)
    assert response.status_code == 401 and response.json()["error"] == "unauthenticated"


def test_the_api_lists_the_log_newest_first_with_who_when_which_case_and_what(api, supervisor, logged):
    first, second = logged
    body = api(supervisor).get(API).json()
    assert body["count"] == 3
    export, view_second, view_first = body["results"]
    assert export["action"] == "export_cases" and export["case"] is None
    assert export["detail"] == {"format": "csv", "count": 1, "case_ids": [second.pk]}
    assert view_second["user"]["username"] == "mediator1" and view_second["case"]["number"] == second.number
    assert view_first["case"] == {"id": first.pk, "number": first.number}
    assert view_first["user"] == {"id": supervisor.pk, "username": "supervisor1", "name": supervisor.get_full_name()}
    assert datetime.datetime.fromisoformat(view_first["at"]) == rows(case=first)[0].at


def test_the_api_pages_the_log(api, supervisor, logged):
    body = api(supervisor).get(API, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    rest = api(supervisor).get(API, {"page_size": 2, "page": 2}).json()
    assert [r["case"]["number"] for r in rest["results"]] == [logged[0].number]


# Filters ------------------------------------------------------------------------------------

def numbers(body):
    return [(r["action"], r["case"]["number"] if r["case"] else None) for r in body["results"]]


def test_the_log_filters_by_user(api, supervisor, mediator, logged):
    body = api(supervisor).get(API, {"user": mediator.pk}).json()
    assert numbers(body) == [("view_case", logged[1].number)]


def test_the_case_filter_finds_the_views_of_a_case_and_the_exports_that_included_it(api, supervisor, logged):
    first, second = logged
    assert numbers(api(supervisor).get(API, {"case": second.number}).json()) == [
        ("export_cases", None), ("view_case", second.number)]
    assert numbers(api(supervisor).get(API, {"case": first.number}).json()) == [("view_case", first.number)]
    unknown = api(supervisor).get(API, {"case": "no-such-case"})
    assert unknown.status_code == 400 and unknown.json()["fields"]["case"] == ["没有案号为“no-such-case”的案件。"]


@pytest.mark.parametrize("typed", ["{serial}", "{serial:04d}", "第{serial:04d}号", "{year}-{serial}", "({year})第{serial}号"])
def test_the_case_filter_takes_a_case_number_as_people_type_it(api, supervisor, logged, typed):
    """Only 〔2026〕某工调字第0002号 typed whole, brackets and all, found its rows: "2", "0002" found none
    and said nothing, which reads as "no one opened this case"."""
    first, second = logged
    year, serial = second.number[1:5], int(second.number.split("第")[1][:-1])
    answer = api(supervisor).get(API, {"case": typed.format(year=year, serial=serial)}).json()
    assert numbers(answer) == [("export_cases", None), ("view_case", second.number)]


def test_a_short_number_that_fits_several_cases_asks_for_the_whole_one(api, supervisor, logged):
    first, _second = logged
    serial = first.number.split("第")[1]
    Case.objects.filter(pk=CaseFactory().pk).update(number=first.number.replace("〔2026〕", "〔2025〕"))
    refused = api(supervisor).get(API, {"case": serial})
    assert refused.status_code == 400
    (message,) = refused.json()["fields"]["case"]
    assert message.startswith(f"“{serial}”可能是以下任一案件：") and message.endswith("。请输入完整案号。")
    assert first.number in message and first.number.replace("〔2026〕", "〔2025〕") in message


def test_the_log_filters_by_action(api, supervisor, logged):
    assert numbers(api(supervisor).get(API, {"action": "export_cases"}).json()) == [("export_cases", None)]


def test_the_log_filters_by_dates_in_shanghai_both_ends_included(api, supervisor, logged):
    day = timezone.localdate(PersonalDataAccess.objects.latest("at").at)  # rows carry the desk clock's time
    before, after = day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    assert api(supervisor).get(API, {"from": day, "to": day}).json()["count"] == 3
    assert api(supervisor).get(API, {"from": after}).json()["count"] == 0
    assert api(supervisor).get(API, {"to": before}).json()["count"] == 0


@pytest.mark.parametrize("params, field", [
    ({"from": "2026-13-01"}, "from"), ({"to": "yesterday"}, "to"), ({"from": "0001-01-01"}, "from"),
    ({"to": "9999-12-31"}, "to"), ({"from": "2026-11-02", "to": "2026-11-01"}, "to"),
    ({"user": "mediator1"}, "user"), ({"user": "-1"}, "user"), ({"user": "１２"}, "user"),
    ({"case": "x" * 41}, "case"), ({"action": "a" * 41}, "action"), ({"case": "案\x00"}, "case"),
    ({"action": "\x00"}, "action"),
])
def test_bad_filters_get_a_clear_error_not_a_500(api, client, supervisor, logged, params, field):
    response = api(supervisor).get(API, params)
    assert response.status_code == 400 and field in response.json()["fields"]
    client.force_login(supervisor)
    page = client.get(PAGE, params)
    alert = page.content.decode().split('role="alert"', 1)[1].split("</div>", 1)[0]
    with translation.override("zh-hans"):
        assert page.status_code == 200 and str(FILTER_LABELS[field]) in alert  # says which filter is wrong
    assert 'id="entry-count">0<' in page.content.decode()


def test_the_page_filters_and_keeps_the_filters_in_its_pager(client, supervisor, logged):
    for n in range(51):
        access.log_personal_data_access(supervisor, logged[0], "view_case", n=n)
    client.force_login(supervisor)
    page = client.get(PAGE, {"case": logged[0].number, "action": "view_case"}).content.decode()
    assert 'id="entry-count">52<' in page
    query = urlencode({"case": logged[0].number, "action": "view_case"}).replace("&", "&amp;")
    assert f"?{query}&amp;page=2" in page
    second = client.get(PAGE, {"case": logged[0].number, "action": "view_case", "page": 2}).content.decode()
    assert second.count(f">{logged[0].number}</a>") == 2


# No one can edit it ---------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_has_no_way_to_change_the_log(api, supervisor, logged, method):
    before = [(r.pk, r.action, r.detail, r.at) for r in rows()]
    entry = before[0][0]
    for url in (API, f"{API}{entry}/"):
        response = getattr(api(supervisor), method)(url, {"action": "nothing"}, format="json")
        assert response.status_code in (404, 405)
    assert [(r.pk, r.action, r.detail, r.at) for r in rows()] == before


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_page_has_no_way_to_change_the_log(client, supervisor, logged, method):
    client.force_login(supervisor)
    before = [(r.pk, r.action) for r in rows()]
    assert getattr(client, method)(PAGE).status_code == 405
    assert [(r.pk, r.action) for r in rows()] == before


def test_no_url_of_the_site_edits_the_log():
    """The only routes to the log are the two read-only ones."""
    names = [name for name in get_resolver().reverse_dict if isinstance(name, str) and "access" in name]
    routes = {p.name for p in get_resolver().url_patterns if getattr(p, "name", None)}
    assert names == ["api-access-log"] and "access-log" not in routes
    reports = get_resolver().namespace_dict["reports"][1].reverse_dict
    assert [n for n in reports if isinstance(n, str) and "access" in n] == ["access-log"]


def test_the_django_admin_cannot_change_the_log(client):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    model_admin = admin.site._registry.get(PersonalDataAccess)
    if model_admin is None:
        assert client.get("/admin/cases/personaldataaccess/").status_code == 404
    else:
        request = type("R", (), {"user": superuser})()
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request) and not model_admin.has_delete_permission(request)


def refused(statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        statement()


def test_the_database_refuses_to_update_or_delete_a_log_row(logged):
    """On the backend under test (run on SQLite and on PostgreSQL): the triggers refuse."""
    before = [(r.pk, r.user_id, r.action, r.detail, r.at) for r in rows()]
    first = before[0][0]
    table = PersonalDataAccess._meta.db_table
    refused(lambda: PersonalDataAccess.objects.filter(pk=first).update(action="nothing"))
    refused(lambda: PersonalDataAccess.objects.filter(pk=first).delete())
    refused(lambda: PersonalDataAccess.objects.all().delete())

    def raw(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [first])

    refused(lambda: raw(f"UPDATE {table} SET at = at WHERE id = %s"))
    refused(lambda: raw(f"DELETE FROM {table} WHERE id = %s"))
    row = rows(pk=first)[0]
    row.action = "nothing"
    refused(row.save)
    assert [(r.pk, r.user_id, r.action, r.detail, r.at) for r in rows()] == before


# Every unmasked view and every export writes a row ---------------------------------------------

def test_the_case_page_logs_an_unmasked_view_and_not_a_masked_one(client, mediating, supervisor, mediator, volunteer):
    case = mediating()
    for user, logs in ((volunteer, False), (supervisor, True), (mediator, True)):
        client.force_login(user)
        before = len(rows(case=case, user=user))
        assert client.get(f"/cases/{case.pk}/").status_code == 200
        assert len(rows(case=case, user=user, action="view_case")) == before + logs


def test_an_unassigned_mediator_sees_a_new_case_masked_and_is_not_logged(client, register, other_mediator):
    case = register()
    client.force_login(other_mediator)
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert rows(user=other_mediator) == []


def test_the_api_logs_an_unmasked_case_and_not_a_masked_one(api, mediating, supervisor, mediator, volunteer):
    case = mediating()
    for user, logs in ((volunteer, False), (supervisor, True), (mediator, True)):
        assert api(user).get(f"/api/cases/{case.pk}/").status_code == 200
        assert len(rows(case=case, user=user, action="view_case")) == int(logs)


def test_the_api_logs_the_unmasked_case_it_answers_a_transition_with(api, mediating, mediator):
    case = mediating()
    response = api(mediator).post(f"/api/cases/{case.pk}/transitions/reach_agreement/", AGREEMENT, format="json")
    assert response.status_code == 200
    assert len(rows(case=case, user=mediator, action="view_case")) == 1


def test_downloading_a_document_with_personal_data_is_logged(api, agreed, mediator, supervisor):
    case = agreed()
    agreement = render_document(case, "agreement", mediator)
    notice = render_document(case, "acceptance_notice", mediator)  # masked ID numbers: not personal data
    for user in (mediator, supervisor):
        assert api(user).get(f"/api/documents/{agreement.pk}/pdf/").status_code == 200
        assert api(user).get(f"/api/documents/{notice.pk}/pdf/").status_code == 200
        logged = rows(user=user, action="download_document")
        assert [(r.case_id, r.detail) for r in logged] == [(case.pk, {"document": agreement.pk})]


def test_a_refused_download_is_not_logged_as_an_access(api, agreed, mediator, volunteer):
    case = agreed()
    agreement = render_document(case, "agreement", mediator)
    with unchanged(case):
        assert api(volunteer).get(f"/api/documents/{agreement.pk}/pdf/").status_code == 403
    assert rows(action="download_document") == []


EXPORTS = {
    "case list as CSV": ("post", "/reports/cases/export/", {"format": "csv"}, "export_cases"),
    "case list as Excel": ("post", "/reports/cases/export/", {"format": "xlsx"}, "export_cases"),
    "annual workbook": ("post", "/reports/annual/export/", {"year": "2026", "format": "xlsx"}, "export_annual_workbook"),
    "timeline as CSV": ("get", "/reports/cases/{id}/timeline.csv", {}, "export_timeline"),
    "timeline as PDF": ("get", "/reports/cases/{id}/timeline.pdf", {}, "export_timeline"),
}


@pytest.mark.parametrize("export", list(EXPORTS))
def test_every_export_is_logged_with_the_cases_it_holds(client, mediating, supervisor, export):
    case = mediating()
    method, url, data, action = EXPORTS[export]
    client.force_login(supervisor)
    response = getattr(client, method)(url.format(id=case.pk), data)
    assert response.status_code in (200, 302)
    logged = rows(action=action)
    assert len(logged) == 1 and logged[0].user == supervisor
    assert logged[0].detail["case_ids"] == [case.pk] and logged[0].detail["count"] == 1
    # a timeline is one case's: its row names the case, as a view's does (it read "案件 —")
    assert logged[0].case_id == (case.pk if action == "export_timeline" else None)
    # and the supervisors' page shows it when asked about that case
    page = client.get(PAGE, {"case": case.number, "action": action}).content.decode()
    assert 'id="entry-count">1<' in page


def test_each_download_of_an_export_file_is_logged_again(client, mediating, supervisor):
    mediating()
    client.force_login(supervisor)
    job_url = client.post("/reports/cases/export/", {"format": "csv"})["Location"]
    job_id = int(job_url.rstrip("/").rsplit("/", 1)[-1])
    for _ in range(2):
        assert client.get(f"/reports/jobs/{job_id}/download/").status_code == 200
    downloads = rows(action="download_export")
    assert len(downloads) == 2 and {row.detail["job"] for row in downloads} == {job_id}
    assert all(row.user == supervisor and row.detail["format"] == "csv" for row in downloads)

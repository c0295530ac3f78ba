"""Access-log noise (issue 13): the same view of the same case by the same user within a few minutes is
one row with a count; every view is still counted, and nothing else about a row can change."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Sum

from casedesk.cases import access, clock
from casedesk.cases.models import PersonalDataAccess

from ..conftest import NOW

pytestmark = pytest.mark.django_db


def views(user, case):
    return PersonalDataAccess.objects.filter(user=user, case=case, action="view_case").order_by("id")


def test_a_page_shown_again_after_each_refusal_is_one_row_counting_every_view(login, case_at, supervisor):
    case = case_at("mediating")
    client = login(supervisor)
    for _ in range(7):  # a refused extension, seven times: the page again each time
        assert client.post(f"/cases/{case.pk}/actions/extend/", {"until": "2030-01-01"}).status_code == 400
    client.get(f"/cases/{case.pk}/")
    rows = list(views(supervisor, case))
    assert len(rows) == 1
    assert rows[0].views == 8 and rows[0].last_at is not None


def test_a_view_after_the_window_is_a_row_of_its_own(mediating, mediator, settings):
    case = mediating()
    access.log_personal_data_access(mediator, case, "view_case")
    with clock.frozen(NOW + datetime.timedelta(minutes=4)):
        access.log_personal_data_access(mediator, case, "view_case")
    with clock.frozen(NOW + datetime.timedelta(minutes=9)):
        access.log_personal_data_access(mediator, case, "view_case")  # 5 min after the last: still counted
    with clock.frozen(NOW + datetime.timedelta(minutes=15)):
        access.log_personal_data_access(mediator, case, "view_case")
    assert [r.views for r in views(mediator, case)] == [3, 1]  # the window runs from the last view
    assert views(mediator, case).aggregate(n=Sum("views"))["n"] == 4
    settings.CASEDESK_ACCESS_LOG_REPEAT_MINUTES = 0
    with clock.frozen(NOW + datetime.timedelta(minutes=15, seconds=1)):
        access.log_personal_data_access(mediator, case, "view_case")
    assert [r.views for r in views(mediator, case)] == [3, 1, 1]


def test_other_users_other_cases_other_details_and_exports_are_rows_of_their_own(mediating, mediator, supervisor):
    case, other = mediating(), mediating()
    for user, on, action, detail in [(mediator, case, "view_case", {}), (supervisor, case, "view_case", {}),
                                     (mediator, other, "view_case", {}), (mediator, case, "view_case", {"x": 1}),
                                     (mediator, case, "download_document", {"document": 1}),
                                     (mediator, case, "download_document", {"document": 1})]:
        access.log_personal_data_access(user, on, action, **detail)
    logged = PersonalDataAccess.objects.exclude(action="identity_lookup")  # registering looked documents up
    assert logged.count() == 6
    assert set(logged.values_list("views", flat=True)) == {1}


def refused(statement):
    try:
        with transaction.atomic():
            statement()
    except DatabaseError:
        return True
    return False


def test_the_database_allows_only_raising_the_count(mediating, mediator):
    case = mediating()
    access.log_personal_data_access(mediator, case, "view_case")
    row = PersonalDataAccess.objects.get(action="view_case")
    rows = PersonalDataAccess.objects.filter(pk=row.pk)
    later = NOW + datetime.timedelta(minutes=1)
    assert not refused(lambda: rows.update(views=F("views") + 1, last_at=later))
    assert refused(lambda: rows.update(views=F("views") + 2, last_at=later))
    assert refused(lambda: rows.update(views=F("views") - 1, last_at=later))
    assert refused(lambda: rows.update(views=F("views") + 1, last_at=later, action="nothing"))
    assert refused(lambda: rows.update(views=F("views") + 1, last_at=later, detail={"fields": ["x"]}))
    assert refused(lambda: rows.update(views=F("views") + 1, last_at=NOW - datetime.timedelta(days=1)))
    assert refused(lambda: rows.update(at=later))
    assert refused(lambda: rows.delete())

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cases_personaldataaccess SET views = 100 WHERE id = %s", [row.pk])
    assert refused(raw)
    row.refresh_from_db()
    assert (row.views, row.action, row.detail) == (2, "view_case", {})


def test_the_access_log_shows_the_count(login, api, mediating, mediator, supervisor):
    case = mediating()
    for minutes in (0, 1, 2):
        with clock.frozen(NOW + datetime.timedelta(minutes=minutes)):
            access.log_personal_data_access(mediator, case, "view_case")
    page = login(supervisor).get("/reports/access-log/", {"action": "view_case"}).content.decode()
    assert 'data-views="3"' in page and "共3次，最后一次10:02:00" in page
    entry = api(supervisor).get("/api/access-log/", {"action": "view_case"}).json()["results"][0]
    assert entry["views"] == 3 and entry["last_at"].startswith("2026-11-02T10:02:00")


def test_an_identity_look_up_in_the_log_says_where_from_and_which_document_number(register, supervisor, login):
    """Its own words: 来源 (the registration form…), 证件号码 masked; not a state's 原状态 nor a document's 文号."""
    register()
    page = login(supervisor).get("/reports/access-log/", {"action": "identity_lookup"}).content.decode()
    assert "来源" in page and "证件号码" in page
    assert "原状态" not in page and "文号" not in page

"""The desk pages read a constant number of SQL statements however many cases there are (issue 20's
page_<name>_queries, bench/pages.py): each page is counted with a few cases and with more.

A count, never a stopwatch: CaptureQueriesContext at two sizes.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casedesk.cases import clock
from casedesk.cases.models import PersonalDataAccess
from casedesk.reports import access_log_views, views

from ..factories import CaseFactory, CourtReferralFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 2)


def add_due_cases(count, mediators):
    """`count` cases with a deadline past or near, of every kind the deadline page shows: acceptance
    overdue, mediation overdue (by each mediator), a court's case at risk (its own period)."""
    for n in range(count):
        kind = n % 3
        if kind == 0:
            CaseFactory(status="submitted", acceptance_due=TODAY - datetime.timedelta(days=3))
        elif kind == 1:
            CaseFactory(status="mediating", mediator=mediators[n % len(mediators)], accepted_on=TODAY,
                        mediation_due=TODAY - datetime.timedelta(days=2))
        else:
            CourtReferralFactory(case=CaseFactory(
                channel="court_delegated", status="mediating", mediator=mediators[n % len(mediators)],
                accepted_on=TODAY, mediation_due=TODAY + datetime.timedelta(days=1)))


def page_queries(client, url):
    client.get(url)  # warm: the session, the calendar
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_deadline_page_reads_the_same_number_of_queries_for_3_and_30_cases(client, supervisor):
    mediators = [UserFactory(role="mediator") for _ in range(5)]
    client.force_login(supervisor)
    add_due_cases(3, mediators)
    few, html = page_queries(client, "/deadlines/")
    assert html.count('data-case="') == 3
    add_due_cases(27, mediators)
    many, html = page_queries(client, "/deadlines/")
    assert html.count('data-case="') == 30
    # Before: 2 queries per case and kind of deadline (its whole deadline list, with the limitation's
    # events, and the calendar for each count of working days): 440 at 1,000 bench cases.
    assert many == few <= 25


def test_the_deadline_page_lists_the_nearest_and_counts_up_to_a_cap(client, supervisor, monkeypatch):
    monkeypatch.setattr(views, "DEADLINE_ROWS", 4)
    monkeypatch.setattr(views, "DEADLINE_COUNT_CAP", 5)
    add_due_cases(21, [UserFactory(role="mediator")])  # 14 overdue, 7 at risk
    client.force_login(supervisor)
    _, html = page_queries(client, "/deadlines/")
    assert html.count('data-case="') == 4
    assert html.count('class="overdue"') == 4  # the nearest: overdue ones come first
    assert "超期案件5件以上" in html and "临期案件5件以上" in html
    assert 'id="deadline-rows-cut"' in html


def add_cases_of_two_years(count):
    for n in range(count):
        year = 2025 + n % 2
        CaseFactory(year=year, status="submitted", submitted_at=datetime.datetime(
            year, 3 + n % 8, 1 + n % 27, 2, 0, tzinfo=datetime.timezone.utc))


def test_the_annual_report_reads_at_most_25_queries_however_many_cases(client, supervisor):
    client.force_login(supervisor)
    # December, next year's holidays not loaded yet: the page also asks whether they are (a supervisor's
    # reminder), as the bench's run in December did.
    with clock.frozen(datetime.date(2026, 12, 7)):
        add_cases_of_two_years(2)
        few, html = page_queries(client, "/reports/annual/?year=2026")
        add_cases_of_two_years(20)
        many, _ = page_queries(client, "/reports/annual/?year=2026")
    assert "2025" in html
    # Before: 26 (the active kinds of outreach event read again for the opening paragraph).
    assert many == few <= 25


def add_access_rows(count, user):
    for n in range(count):
        PersonalDataAccess.objects.create(user=user, case=CaseFactory(), action="view_case", detail={"n": n})


def test_the_access_log_counts_up_to_a_cap_in_the_same_queries_for_a_short_and_a_long_log(
        client, supervisor, monkeypatch):
    monkeypatch.setattr(access_log_views, "PAGE_SIZE", 2)
    monkeypatch.setattr(access_log_views, "COUNT_CAP", 5)
    client.force_login(supervisor)
    add_access_rows(3, supervisor)
    few, html = page_queries(client, "/reports/access-log/")
    assert 'id="entry-count">3<' in html
    add_access_rows(9, supervisor)
    many, html = page_queries(client, "/reports/access-log/")
    # Counted up to the cap, paged as far (5 rows, 3 pages): before, COUNT(*) of the whole log.
    assert 'id="entry-count">5+<' in html and "第 1 页，共 3 页" in html
    assert many == few <= 25

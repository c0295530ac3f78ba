"""The case page reads a constant number of SQL statements, at most 25 (issue 20's
page_case_collective_queries, bench/pages.py): the same for a case of two workers and for a
collective case of twelve, however many cases the desk holds. A count, never a stopwatch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casedesk.cases.models import Case

from ..conftest import registration_body

pytestmark = pytest.mark.django_db


def page_queries(client, url):
    client.get(url)  # warm: the session, the access log's row for this view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_case_page_of_a_collective_case_reads_as_few_queries_as_a_small_one(client, supervisor, case_at):
    client.force_login(supervisor)
    small = case_at("mediating", applicants=registration_body(workers=2)["applicants"])
    few = page_queries(client, f"/cases/{small.pk}/")
    for _ in range(3):
        case_at("agreed")
    collective = case_at("mediating", applicants=registration_body(workers=12)["applicants"])
    # Its first workers are the small case's: a possible duplicate, whose note asks whether the reader may
    # open that case (one query). Not what is compared here: the size of the case.
    Case.objects.filter(pk=collective.pk).update(related_case=None)
    many = page_queries(client, f"/cases/{collective.pk}/")
    # Before: 39 (the case's events read five times, its agreement three, its claims, sessions and the
    # staff identities twice, its unit, consultation and online application one by one).
    assert many == few <= 25


@pytest.mark.parametrize("find_by", ["id_number", "case_number", "phone"])
def test_a_search_by_a_whole_number_finds_its_case_in_the_same_queries_however_many_cases(
        client, supervisor, case_at, find_by):
    client.force_login(supervisor)
    body = registration_body(workers=2)
    wanted = case_at("mediating", applicants=body["applicants"])
    text = {"id_number": body["applicants"][1]["id_number"], "case_number": wanted.number,
            "phone": body["applicants"][1]["phone"]}[find_by]
    few = page_queries(client, f"/cases/?q={text}")
    others = [case_at("agreed") for _ in range(3)]  # the same workers and employer: found by a name, not here
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/cases/", {"q": text}).content.decode()
    # Found through the number's own index, not by reading every case's text (1.1 s at 100,000 cases).
    assert f'href="/cases/{wanted.pk}/"' in html
    assert not any(f'href="/cases/{other.pk}/"' in html for other in others)
    assert len(queries) == few <= 25
    assert not any(f"%{text}%" in query["sql"] for query in queries.captured_queries)  # no substring scan


def test_the_case_list_counts_up_to_its_cap_and_says_there_are_more(client, supervisor, monkeypatch):
    """A count of every matching case would read them all at a million: the list counts to a cap."""
    from casedesk.desk.views import cases

    from ..factories import CaseFactory

    client.force_login(supervisor)
    for _ in range(4):
        CaseFactory(status="submitted")
    monkeypatch.setattr(cases, "COUNT_CAP", 3)
    capped = client.get("/cases/").content.decode()
    monkeypatch.setattr(cases, "COUNT_CAP", 10)
    exact = client.get("/cases/").content.decode()
    assert 'id="case-count">超过 3 件<' in capped and 'id="case-count">共 4 件<' in exact

"""The desk's pages as people use them: server time and SQL queries of each, through the Django test
client with the full middleware stack, logged in as the user who looks at the page.

measure(pages, runs) -> {name: (median seconds, queries, SQL of the counted request)}

Each page is requested once to warm up (templates, caches), once under CaptureQueriesContext (its
query count), then `runs` times for the median. The same pages are measured with 1,000 cases and with
the largest size of the run; bench/run.py writes `page_<name>_queries` and
`page_<name>_time_ratio_1m_to_1k`.
"""

import statistics
import time

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from reads import get_ok

# The list filters of the desk's case list (casedesk.cases.selectors.filter_cases), one page each.
CASE_LIST_FILTERS = {
    "status": "status=mediating",
    "category": "category=wage_arrears",
    "channel": "channel=hotline_12351",
    "mediator": "mediator={mediator}",
    "overdue": "overdue=true",
    "collective": "collective=true",
    "accepted": "accepted=false",
    "recovered": "recovered=true",
    "submitted": "submitted_from={year}-01-01&submitted_to={year}-03-31",
    "employment_form": "employment_form=platform",
    "outcome": "outcome=failed",
    "court_outcome": "court_outcome=pending",
    "paid": "paid_from={year}-01-01&paid_to={year}-12-31",
    "return_visit": "return_visit=due",
}


def desk_pages(*, volunteer, mediator, supervisor, collective_case, timeline_case, id_number, case_number, year):
    """[(name, user, url)] of every page the figures cover."""
    pages = [
        ("home_volunteer", volunteer, "/"),
        ("home_mediator_40_open", mediator, "/"),
        ("home_supervisor", supervisor, "/"),
        ("case_list", supervisor, "/cases/"),
    ]
    for name, query in CASE_LIST_FILTERS.items():
        pages.append((f"case_list_{name}", supervisor, "/cases/?" + query.format(mediator=mediator.pk, year=year)))
    pages += [
        ("case_list_search_id_number", supervisor, f"/cases/?q={id_number}"),
        ("case_list_search_case_number", supervisor, f"/cases/?q={case_number}"),
        ("case_collective", supervisor, f"/cases/{collective_case}/"),
        ("timeline_500_events", supervisor, f"/reports/cases/{timeline_case}/timeline/"),
        ("deadlines_supervisor", supervisor, "/deadlines/"),
        ("deadlines_mediator_40_open", mediator, "/deadlines/"),
        ("overdue", supervisor, "/reports/cases/?overdue=true"),
        ("stats", supervisor, "/reports/stats/"),
        ("annual_report", supervisor, "/reports/annual/"),
        ("access_log", supervisor, "/reports/access-log/"),
    ]
    return pages


def unit_pages(*, county_supervisor, province_supervisor, city_id):
    """[(name, user, url)] of the pages read by unit (issue 18): the case list, the statistics page
    (with its breakdown by child unit), the annual report and home (the inbox) as a supervisor of a
    county (its cases and its stations') and of the province (the root unit: every case), and the
    province supervisor's list and figures of one city (?unit=)."""
    pages = []
    for who, user in (("county_supervisor", county_supervisor), ("province_supervisor", province_supervisor)):
        pages += [
            (f"home_{who}", user, "/"),
            (f"case_list_{who}", user, "/cases/"),
            (f"stats_{who}", user, "/reports/stats/"),
            (f"annual_report_{who}", user, "/reports/annual/"),
        ]
    pages += [
        ("case_list_city_province_supervisor", province_supervisor, f"/cases/?unit={city_id}"),
        ("stats_city_province_supervisor", province_supervisor, f"/reports/stats/?unit={city_id}"),
    ]
    return pages


def plain_static():
    """make bench does not collect static files; the manifest storage would refuse every {% static %}."""
    return override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    })


def measure(pages, runs):
    clients = {}
    out = {}
    with plain_static():
        for name, user, url in pages:
            client = clients.get(user.pk)
            if client is None:
                client = clients[user.pk] = Client()
                client.force_login(user)
            get_ok(client, url)
            with CaptureQueriesContext(connection) as queries:
                get_ok(client, url)
            # Read the capture now: the next request's request_started signal clears connection.queries.
            count, sql = len(queries), [q["sql"] for q in queries.captured_queries]
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                get_ok(client, url)
                times.append(time.perf_counter() - start)
            out[name] = (statistics.median(times), count, sql)
    return out

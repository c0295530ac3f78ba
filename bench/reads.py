"""Read-side benchmarks: the case list, one case, the figures, the audit walk, a long timeline."""

import datetime
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

LIST_URL = ("/api/cases/?category=wage_arrears&status=submitted,accepted,mediating"
            "&channel=walk_in,hotline_12351,online&overdue=false")


def timed(fn, runs, warmup=1):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def api_client(token):
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def get_ok(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def case_list(token, runs):
    """(median seconds, queries, rows on the page) of one filtered list page as a supervisor."""
    client = api_client(token)
    get_ok(client, LIST_URL)
    with CaptureQueriesContext(connection) as queries:
        response = get_ok(client, LIST_URL)
    # Read the capture now: the next request's request_started signal clears connection.queries.
    count, sql = len(queries), [q["sql"] for q in queries.captured_queries]
    seconds = timed(lambda: get_ok(client, LIST_URL), runs)
    return seconds, count, response.json()["count"], sql


def case_detail_queries(token, case_id):
    client = api_client(token)
    get_ok(client, f"/api/cases/{case_id}/")
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, f"/api/cases/{case_id}/")
    return len(queries), [q["sql"] for q in queries.captured_queries]


RAW_STATS = """
SELECT GROUPING(status) AS g_status, GROUPING(category) AS g_category, GROUPING(channel) AS g_channel,
       GROUPING(employment_forms) AS g_forms, GROUPING(outcome) AS g_outcome,
       status, category, channel, employment_forms, outcome, count(*),
       sum(applicant_count),
       sum(round(recovered_amount * 100)) FILTER (WHERE status IN ('closed', 'archived')),
       count(*) FILTER (WHERE is_collective),
       count(*) FILTER (WHERE status IN ('closed', 'archived')),
       count(*) FILTER (WHERE channel IN ('court_delegated', 'court_commissioned')),
       count(*) FILTER (WHERE channel IN ('court_delegated', 'court_commissioned') AND (
           status IN ('agreed', 'confirming', 'confirmed')
           OR (status IN ('closed', 'archived') AND outcome = 'settled'))),
       count(*) FILTER (WHERE channel IN ('court_delegated', 'court_commissioned')
           AND status IN ('submitted', 'accepted', 'mediating'))
FROM cases_case
WHERE submitted_at >= %s AND submitted_at < %s
GROUP BY GROUPING SETS ((status), (category), (channel), (employment_forms), (outcome), ())
"""


def stats(token, runs):
    from casedesk.cases.date_range import start_of_day

    first, last = datetime.date.today() - datetime.timedelta(days=4 * 366), datetime.date.today()
    url = f"/api/stats/?from={first.isoformat()}&to={last.isoformat()}"
    client = api_client(token)
    figures = get_ok(client, url).json()
    bounds = (start_of_day(first), start_of_day(last + datetime.timedelta(days=1)))

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_STATS, bounds)
            return cursor.fetchall()

    total = [r for r in raw() if all((r[0], r[1], r[2], r[3], r[4]))][0][10]
    if total != figures["cases"]:
        raise RuntimeError(f"raw SQL counts {total} cases, /api/stats/ {figures['cases']}")
    api_seconds, raw_seconds = [], []
    raw()
    for _ in range(runs):  # interleaved: load on the machine hits both alike
        start = time.perf_counter()
        get_ok(client, url)
        api_seconds.append(time.perf_counter() - start)
        start = time.perf_counter()
        raw()
        raw_seconds.append(time.perf_counter() - start)
    return statistics.median(api_seconds), statistics.median(raw_seconds), figures["cases"]


def audit_walk(runs):
    """(verify seconds, fetch seconds, events, broken chains): verify_all vs reading the same rows."""
    from casedesk.cases import audit
    from casedesk.cases.models import Case, CaseEvent

    def fetch():
        n = 0
        cases = Case.objects.order_by("pk").values_list("pk", "number", "audit_seq", "audit_head")
        for _ in cases.iterator(chunk_size=5000):
            pass
        for _ in CaseEvent.objects.order_by("case_id", "seq").values_list(*audit.FIELDS).iterator(chunk_size=5000):
            n += 1
        return n

    events = fetch()
    broken = audit.verify_all()
    verify_s, fetch_s = [], []
    for _ in range(runs):
        start = time.perf_counter()
        audit.verify_all()
        verify_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        fetch()
        fetch_s.append(time.perf_counter() - start)
    return statistics.median(verify_s), statistics.median(fetch_s), events, len(broken)


def timelines(token, supervisor, case_id, runs):
    """(page seconds, API seconds, page queries) for a case with a long chain."""
    from django.test import override_settings

    page = Client()
    page.force_login(supervisor)
    # make bench does not collect static files; the manifest storage would refuse every {% static %}.
    plain_static = override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    })
    plain_static.enable()
    api = api_client(token)
    with CaptureQueriesContext(connection) as queries:
        get_ok(page, f"/reports/cases/{case_id}/timeline/")
    page_queries = len(queries)
    page_s = timed(lambda: get_ok(page, f"/reports/cases/{case_id}/timeline/"), runs, warmup=0)
    plain_static.disable()
    api_s = timed(lambda: get_ok(api, f"/api/cases/{case_id}/timeline/"), runs)
    return page_s, api_s, page_queries

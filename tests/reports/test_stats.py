"""GET /api/stats/ against a hand-counted set (conftest.year_2025), and its drill-downs.

Registered in 2025 (Asia/Shanghai):
  A 03-10 walk-in, wage arrears, 2 contract workers; agreement, closed settled 18600.00 on 03-31 (21 days)
  B 03-20 12351 hotline, contract termination, 1 platform worker; failed, closed on 04-10 (21 days)
  C 05-06 court-delegated, work injury, 1 dispatched worker; agreed (not closed)
  D 06-03 court-commissioned, wage arrears, 10 contract + 2 platform workers (collective); failed
  E 07-15 court-delegated, overtime, 1 informal worker; submitted
  F 08-01 walk-in, wage arrears, 1 contract worker; rejected, closed, reopened, agreed, closed settled
    5000.10 on 09-15 (45 days)
  G 12-31 23:59:30 online, social insurance, 1 contract worker; submitted
Outside 2025: H 2026-01-01 00:00:30, I 2024-12-31.
"""

import re
from decimal import Decimal

import pytest

from casedesk.cases.models import Case
from casedesk.reports import periods, stats

pytestmark = pytest.mark.django_db

STATS = "/api/stats/"


def get_stats(client, first, last):
    response = client.get(STATS, {"from": first, "to": last})
    assert response.status_code == 200, response.json()
    return response.json()


def test_figures_of_2025_match_the_hand_count(api, supervisor, year_2025):
    body = get_stats(api(supervisor), "2025-01-01", "2025-12-31")
    assert body["cases"] == 7
    assert body["by_status"] == {
        "submitted": 2, "accepted": 0, "rejected": 0, "mediating": 0, "agreed": 1, "failed": 1, "withdrawn": 0,
        "confirming": 0, "confirmed": 0, "closed": 3, "archived": 0,
    }
    assert body["by_category"] == {
        "wage_arrears": 3, "contract_termination": 1, "work_injury": 1, "social_insurance": 1, "overtime": 1,
        "labor_relationship": 0, "other": 0,
    }
    assert body["by_channel"] == {
        "walk_in": 2, "hotline_12351": 1, "online": 1, "court_delegated": 2, "court_commissioned": 1,
        "transfer": 0, "other": 0,
    }
    assert body["by_employment_form"] == {"contract": 4, "dispatch": 1, "platform": 2, "informal": 1, "other": 0}
    assert body["workers_served"] == 19
    assert body["recovered_amount"] == "23600.10"
    assert body["payments_in_period"] == "23600.10"
    assert body["court_referred"] == {"total": 3, "agreed": 1, "failed": 1, "pending": 1}
    assert body["collective_cases"] == 1
    assert body["platform_cases"] == 2
    assert body["by_outcome"] == {"settled": 2, "failed": 1, "withdrawn": 0, "rejected": 0}
    assert body["closed_cases"] == 3


def test_days_from_registration_to_closure(year_2025):
    """A 21, B 21, F 45 days (F's first closing does not count: it was reopened)."""
    figures = stats.figures_for(periods.parse_period({"from": "2025-01-01", "to": "2025-12-31"}))
    assert figures.closed_cases == 3
    assert figures.average_days_to_close == Decimal("29.0")
    assert figures.p90_days_to_close == 45


def test_the_contract_keys_and_types_are_those_of_design(api, supervisor, year_2025):
    body = get_stats(api(supervisor), "2025-01-01", "2025-12-31")
    contract = {"cases", "by_status", "by_category", "by_channel", "by_employment_form", "workers_served",
                "recovered_amount", "court_referred"}
    assert contract <= set(body)
    assert isinstance(body["recovered_amount"], str)
    assert set(body["court_referred"]) == {"total", "agreed", "failed", "pending"}
    assert all(isinstance(v, int) for v in body["by_status"].values())


def test_a_reopened_case_counts_once(api, supervisor, year_2025):
    body = get_stats(api(supervisor), "2025-08-01", "2025-08-01")
    assert body["cases"] == 1
    assert body["workers_served"] == 1
    assert body["by_status"]["closed"] == 1
    assert body["by_outcome"] == {"settled": 1, "failed": 0, "withdrawn": 0, "rejected": 0}
    assert body["recovered_amount"] == "5000.10"


def test_a_case_registered_at_2359_on_31_december_counts_in_that_year(api, supervisor, year_2025):
    client = api(supervisor)
    assert get_stats(client, "2025-12-31", "2025-12-31")["cases"] == 1
    assert get_stats(client, "2026-01-01", "2026-12-31")["cases"] == 1  # H only, not G
    assert get_stats(client, "2024-01-01", "2024-12-31")["cases"] == 1  # I only


def test_an_empty_period_gives_zeros(api, supervisor, year_2025):
    body = get_stats(api(supervisor), "2023-06-01", "2023-06-30")
    assert body["cases"] == 0
    assert set(body["by_status"].values()) == {0}
    assert body["recovered_amount"] == "0.00"
    assert body["court_referred"] == {"total": 0, "agreed": 0, "failed": 0, "pending": 0}
    assert body["closed_cases"] == 0
    figures = stats.figures_for(periods.parse_period({"from": "2023-06-01", "to": "2023-06-30"}))
    assert figures.average_days_to_close is None and figures.p90_days_to_close is None


@pytest.mark.parametrize("params", [
    {},
    {"from": "2025-01-01"},
    {"to": "2025-12-31"},
    {"from": "2025-13-01", "to": "2025-12-31"},
    {"from": "2025/01/01", "to": "2025-12-31"},
    {"from": "20250101", "to": "2025-12-31"},
    {"from": "2025-02-30", "to": "2025-12-31"},
    {"from": "2025-12-31", "to": "2025-01-01"},
    {"from": "2025-01-01", "to": "9999-12-31"},
])
def test_bad_missing_or_reversed_dates_answer_400_json(api, supervisor, params):
    response = api(supervisor).get(STATS, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "invalid"
    assert set(response.json()["fields"]) <= {"from", "to"} and response.json()["fields"]


@pytest.mark.parametrize("role", ["volunteer", "mediator", "outsider"])
def test_only_supervisors_see_the_figures(api, request, role):
    response = api(request.getfixturevalue(role)).get(STATS, {"from": "2025-01-01", "to": "2025-12-31"})
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_anonymous_requests_are_refused(api, db):
    assert api(None).get(STATS, {"from": "2025-01-01", "to": "2025-12-31"}).status_code == 401


def summed_field(path):
    """The field of the listed records a figure adds up (None: the figure counts them)."""
    if path == ("people_served", "workers_on_cases"):
        return "applicant_count"
    if path[-1] in ("people", "people_in_consultations"):
        return "people"
    if path[-1] in ("people_served", "people_at_events"):
        return "people_served"
    if path[-1] == "leaflets":
        return "leaflets"
    return None


def _leaves(figures, links, path=()):
    if isinstance(links, dict):
        for key, value in links.items():
            yield from _leaves(figures[key] if isinstance(figures, dict) else figures, value, path + (key,))
    else:
        yield path, figures, links


def _listed(client, url):
    response = client.get(f"{url}&page_size=100")
    assert response.status_code == 200, (url, response.json())
    return response.json()


def test_every_figure_drills_down_to_exactly_its_cases(api, supervisor, year_2025):
    client = api(supervisor)
    body = get_stats(client, "2025-01-01", "2025-12-31")
    checked = 0
    for path, value, url in _leaves(body, body["drilldown"]):
        listed = _listed(client, url)
        summed = summed_field(path)
        if path == ("workers_served",):
            assert sum(c["applicant_count"] for c in listed["results"]) == value == 19
        elif summed:
            assert sum(r[summed] for r in listed["results"]) == value, path
        elif path == ("recovered_amount",):
            cases = [client.get(f"/api/cases/{c['id']}/").json() for c in listed["results"]]
            assert sum(Decimal(c["recovered_amount"]) for c in cases) == Decimal(value)
            assert sum(Decimal(c["agreement"]["paid"]) for c in cases) == Decimal(value)  # the payments
        elif path == ("payments_in_period",):
            cases = [client.get(f"/api/cases/{c['id']}/").json() for c in listed["results"]]
            made = [p for c in cases for p in c["agreement"]["payments"] if "2025-01-01" <= p["paid_on"] <= "2025-12-31"]
            assert sum(Decimal(p["amount"]) for p in made) == Decimal(value) == Decimal("23600.10")
        else:
            assert listed["count"] == value, path
        checked += 1
    assert checked > 40


def test_court_referrals_are_agreed_failed_or_pending(year_2025):
    figures = stats.figures_for(periods.parse_period({"from": "2025-01-01", "to": "2025-12-31"}))
    court = figures.court_referred
    assert court["agreed"] + court["failed"] + court["pending"] == court["total"]
    assert figures.court_success_rate == Decimal("50.0")


def test_money_is_summed_exactly(story, api, supervisor):
    for n, amount in enumerate(["0.10", "0.20", "1234567.01"]):
        case = story.register(story_moment(n), claims=[{"kind": "wage", "amount": amount}])  # recovered ≤ claimed
        case = story.mediate(case, story_moment(n), agreed=story_moment(n), amount=amount)
        story.close(case, story_moment(n), amount)
    body = get_stats(api(supervisor), "2025-02-01", "2025-02-28")
    assert body["recovered_amount"] == "1234567.31"


def story_moment(n):
    from .conftest import shanghai

    return shanghai(2025, 2, 10 + n)


def test_each_case_figure_is_named_for_what_it_counts(api, client, supervisor, year_2025):
    body = get_stats(api(supervisor), "2025-01-01", "2025-12-31")
    assert 0 < body["accepted_cases"] < body["cases"]  # two of 2025's cases were never accepted
    assert Case.objects.filter(accepted_on__isnull=False, submitted_at__year=2025).count() == body["accepted_cases"]
    client.force_login(supervisor)
    page = client.get("/reports/stats/", {"from": "2025-01-01", "to": "2025-12-31"}).content.decode()
    headline = page.split('data-table="headline"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", headline, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if len(cells) == 2:
            rows[cells[0]] = cells[1]
    assert "受理案件数" not in rows
    assert rows["登记案件数"] == "7"
    assert rows["其中已受理"] == str(body["accepted_cases"])
    assert rows["其中已结案"] == str(body["closed_cases"])
    assert rows["为职工追回金额（元）"] == "23,600.10"


def test_large_amounts_have_thousands_separators(story, client, supervisor):
    case = story.register(story_moment(0), claims=[{"kind": "wage", "amount": "638510.00"}])
    story.close(story.mediate(case, story_moment(0), agreed=story_moment(0), amount="638510.00"), story_moment(0),
                "638510.00")
    client.force_login(supervisor)
    page = client.get("/reports/stats/", {"from": "2025-02-01", "to": "2025-02-28"}).content.decode()
    assert "638,510.00" in page and "638510.00" not in page

"""The union's recovered figures come from recorded payments: `recovered_amount` is the payments of the
period's cases (whenever made), `payments_in_period` every payment made in the period (whichever year its
case is from); each drills down to its cases."""

import datetime

import pytest

from casedesk.cases import clock
from casedesk.cases.choices import Status
from casedesk.payments import services
from casedesk.payments.models import Payment

from .conftest import payment

pytestmark = pytest.mark.django_db

YEAR_2026 = {"from": "2026-01-01", "to": "2026-12-31"}
YEAR_2025 = {"from": "2025-01-01", "to": "2025-12-31"}


@pytest.fixture
def paid(in_two, case_at, mediator):
    """This year's case paid ¥9,300 + ¥5,000 today; a case of December 2025 paid ¥1,000 today."""
    this_year = in_two()
    services.record_payment(this_year, mediator, **payment(instalment="1"))
    services.record_payment(this_year, mediator, **payment(amount="5000.00"))
    with clock.frozen(datetime.date(2025, 12, 10)):
        last_year = case_at(Status.AGREED, dispute_started_on="2025-11-01")
    services.record_payment(last_year, mediator, **payment(amount="1000.00", method="cash"))
    return this_year, last_year


def ids(client, url):
    return {c["id"] for c in client.get(url + "&page_size=100").json()["results"]}


def test_recovered_is_the_payments_of_the_periods_cases(api, supervisor, paid):
    this_year, last_year = paid
    client = api(supervisor)
    body = client.get("/api/stats/", YEAR_2026).json()
    assert (body["recovered_amount"], body["payments_in_period"]) == ("14300.00", "15300.00")
    assert ids(client, body["drilldown"]["recovered_amount"]) == {this_year.pk}
    assert ids(client, body["drilldown"]["payments_in_period"]) == {this_year.pk, last_year.pk}
    detail = client.get(f"/api/cases/{this_year.pk}/").json()
    assert detail["agreement"]["paid"] == body["recovered_amount"]
    earlier = client.get("/api/stats/", YEAR_2025).json()
    assert (earlier["recovered_amount"], earlier["payments_in_period"]) == ("1000.00", "0.00")
    assert ids(client, earlier["drilldown"]["recovered_amount"]) == {last_year.pk}
    assert ids(client, earlier["drilldown"]["payments_in_period"]) == set()


def test_a_reversed_payment_leaves_the_figures(api, supervisor, mediator, paid):
    this_year, _ = paid
    wrong = Payment.objects.get(case=this_year, amount=5000)
    services.reverse_payment(this_year, mediator, payment=wrong.pk, reason="重复录入")
    body = api(supervisor).get("/api/stats/", YEAR_2026).json()
    assert (body["recovered_amount"], body["payments_in_period"]) == ("9300.00", "10300.00")


def test_the_annual_page_shows_the_payments_received(login, supervisor, paid):
    html = login(supervisor).get("/reports/stats/", YEAR_2026).content.decode()
    row = html.split("在本期内收到的付款", 1)[1].split("</tr>", 1)[0]
    assert "15300.00" in row.replace(",", "") and "paid_from=2026-01-01" in row

"""Every refusal of a payment or a reversal answers 400 (bad data), 403 (not permitted) or 409 (no
agreement followed up on the case), through the API and the case page alike, and changes nothing."""

from decimal import Decimal

import pytest

from casedesk.cases import transitions
from casedesk.cases.choices import Status
from casedesk.payments import services
from casedesk.payments.models import Payment

from ..conftest import unchanged
from ..desk.conftest import field_error
from .conftest import payment

pytestmark = pytest.mark.django_db

BAD_PAYMENTS = [
    (payment(amount="0"), "amount"),
    (payment(amount="0.00"), "amount"),
    (payment(amount="-5.00"), "amount"),
    (payment(amount="100.001"), "amount"),
    (payment(amount="abc"), "amount"),
    (payment(amount="18600.01"), "amount"),  # more than is outstanding, no reason given
    (payment(paid_on="2026-11-03"), "paid_on"),  # tomorrow
    (payment(paid_on="2026-11-01"), "paid_on"),  # the day before the agreement was signed
    (payment(paid_on=""), "paid_on"),
    (payment(method="cheque"), "method"),
    (payment(instalment="3"), "instalment"),
    (payment(instalment="0"), "instalment"),
    (payment(note=["a"]), "note"),
    (payment(typed_recovered="1"), "typed_recovered"),
]


@pytest.mark.parametrize(("body", "field"), BAD_PAYMENTS)
def test_bad_payment_data_is_a_400_and_nothing_is_saved(in_two, api, mediator, body, field):
    case = in_two()
    with unchanged(case):
        response = api(mediator).post(f"/api/cases/{case.pk}/payments/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]


def test_more_than_outstanding_is_refused_with_the_amount_outstanding(in_two, api, mediator):
    case = in_two()
    services.record_payment(case, mediator, **payment(amount="18000.00"))
    with unchanged(case):
        response = api(mediator).post(f"/api/cases/{case.pk}/payments/", payment(amount="600.01"), format="json")
    assert response.status_code == 400
    assert "600.00" in response.json()["fields"]["amount"][0]


@pytest.mark.parametrize("state", [Status.MEDIATING, Status.SUBMITTED, Status.FAILED, Status.CLOSED])
def test_no_agreement_followed_up_is_a_409(case_at, api, supervisor, state):
    case = case_at(state)
    with unchanged(case):
        response = api(supervisor).post(f"/api/cases/{case.pk}/payments/", payment(), format="json")
    assert response.status_code == 409
    assert "agreement" in response.json()["detail"] or "协议" in response.json()["detail"]


def test_an_archived_case_takes_no_payment_nor_reversal(in_two, api, mediator, supervisor):
    case = in_two()
    services.record_payment(case, mediator, **payment(amount="18600.00"))
    case = transitions.perform(transitions.perform(case, "close", supervisor), "archive", supervisor)
    paid = Payment.objects.get(case=case)
    with unchanged(case):
        first = api(supervisor).post(f"/api/cases/{case.pk}/payments/", payment(amount="1.00",
                                     overpayment_reason="x"), format="json")
        second = api(supervisor).post(f"/api/cases/{case.pk}/payments/{paid.pk}/reverse/", {"reason": "错录"},
                                      format="json")
    assert (first.status_code, second.status_code) == (409, 409)


@pytest.mark.parametrize(("who", "status"), [("other_mediator", 404), ("volunteer", 403)])
def test_only_the_assigned_mediator_or_a_supervisor_records_a_payment(in_two, api, request, who, status):
    case = in_two()
    with unchanged(case):
        response = api(request.getfixturevalue(who)).post(f"/api/cases/{case.pk}/payments/", payment(),
                                                          format="json")
    assert response.status_code == status  # the registering volunteer sees the case; another mediator does not


def test_a_case_the_user_may_not_see_is_a_404(in_two, api, outsider):
    case = in_two()
    with unchanged(case):
        response = api(outsider).post(f"/api/cases/{case.pk}/payments/", payment(), format="json")
    assert response.status_code == 404


def test_reversal_refusals(in_two, api, mediator, case_at):
    case = in_two()
    services.record_payment(case, mediator, **payment())
    paid = Payment.objects.get(case=case)
    services.reverse_payment(case, mediator, payment=paid.pk, reason="错录")
    counter = Payment.objects.get(reverses=paid)
    other = in_two()
    services.record_payment(other, mediator, **payment())
    elsewhere = Payment.objects.get(case=other)
    client = api(mediator)
    with unchanged(case, other):
        for target, body in [
            (paid.pk, {"reason": "再次冲正"}),  # reversed already
            (counter.pk, {"reason": "冲正的冲正"}),  # a counter-entry
            (elsewhere.pk, {"reason": "别的案件"}),  # another case's payment
            (999999, {"reason": "不存在"}),
        ]:
            response = client.post(f"/api/cases/{case.pk}/payments/{target}/reverse/", body, format="json")
            assert response.status_code == 400, target
            assert "payment" in response.json()["fields"]
    fresh = in_two()
    services.record_payment(fresh, mediator, **payment())
    mine = Payment.objects.get(case=fresh)
    with unchanged(fresh):
        response = client.post(f"/api/cases/{fresh.pk}/payments/{mine.pk}/reverse/", {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]


def test_the_case_page_answers_a_refused_payment_with_the_form_and_400(in_two, login, mediator):
    case = in_two()
    client = login(mediator)
    with unchanged(case):
        response = client.post(f"/cases/{case.pk}/steps/record_payment/", payment(amount="-1"))
    page = response.content.decode()
    assert response.status_code == 400
    assert field_error(page, "id_record_payment_amount")
    assert 'value="-1"' in page  # what was typed


def test_the_case_page_answers_a_payment_without_agreement_with_409(case_at, login, supervisor):
    case = case_at(Status.MEDIATING)
    with unchanged(case):
        response = login(supervisor).post(f"/cases/{case.pk}/steps/record_payment/", payment())
    assert response.status_code == 409
    assert 'class="alert error"' in response.content.decode()


def test_a_refused_reversal_on_the_page_is_a_400_and_the_payment_stays(in_two, login, mediator):
    case = in_two()
    services.record_payment(case, mediator, **payment())
    paid = Payment.objects.get(case=case)
    with unchanged(case):
        response = login(mediator).post(f"/cases/{case.pk}/steps/reverse_payment/", {"payment": paid.pk, "reason": ""})
    assert response.status_code == 400
    assert f'id="reverse-payment-{paid.pk}" open' in response.content.decode()
    assert Payment.objects.get(case=case).amount == Decimal("9300.00")

"""The API: POST /api/cases/{id}/payments/ → 201 with the case, the case detail's `agreement` with its
performance, POST …/payments/{pid}/reverse/, and the OpenAPI schema that describes them."""

import pytest
import yaml

from casedesk.payments.models import Payment

from .conftest import payment

pytestmark = pytest.mark.django_db


def test_a_payment_through_the_api_answers_201_with_the_performance(in_two, api, mediator):
    case = in_two()
    client = api(mediator)
    response = client.post(f"/api/cases/{case.pk}/payments/", payment(instalment=1, note="回单0001"), format="json")
    assert response.status_code == 201, response.json()
    response = client.post(f"/api/cases/{case.pk}/payments/", payment(amount="5000.00", method="cash"), format="json")
    agreement = response.json()["agreement"]
    assert {k: agreement[k] for k in ("amount", "paid", "outstanding", "performance_status")} == {
        "amount": "18600.00", "paid": "14300.00", "outstanding": "4300.00", "performance_status": "partly_performed"}
    assert agreement["instalments"] == [
        {"number": 1, "due_on": "2026-11-10", "amount": "9300.00", "paid": "9300.00", "status": "paid"},
        {"number": 2, "due_on": "2026-11-30", "amount": "9300.00", "paid": "5000.00", "status": "partly_paid"},
    ]
    first, second = agreement["payments"]
    assert (first["paid_on"], first["amount"], first["method"], first["instalment"], first["note"]) == (
        "2026-11-02", "9300.00", "transfer", 1, "回单0001")
    assert (second["instalment"], second["method"], second["reverses"], second["reversed_by"]) == (
        None, "cash", None, None)
    assert (first["counted_against"], second["counted_against"]) == ([1], [2])
    assert first["recorded_by"]["id"] == mediator.pk
    assert response.json()["recovered_amount"] == "14300.00"


def test_a_reversal_through_the_api(in_two, api, supervisor, mediator):
    case = in_two()
    api(mediator).post(f"/api/cases/{case.pk}/payments/", payment(), format="json")
    paid = Payment.objects.get(case=case)
    response = api(supervisor).post(f"/api/cases/{case.pk}/payments/{paid.pk}/reverse/",
                                    {"reason": "银行退票，款项未到账"}, format="json")
    assert response.status_code == 201, response.json()
    agreement = response.json()["agreement"]
    assert (agreement["paid"], agreement["performance_status"]) == ("0.00", "pending")
    original, counter = agreement["payments"]
    assert (original["reversed_by"], counter["reverses"], counter["amount"], counter["reason"]) == (
        counter["id"], original["id"], "-9300.00", "银行退票，款项未到账")
    assert original["counted_against"] == counter["counted_against"] == []


def test_an_agreement_paid_at_once_has_one_instalment(agreed, api, mediator):
    case = agreed()
    body = api(mediator).get(f"/api/cases/{case.pk}/").json()["agreement"]
    assert body["instalments"] == [
        {"number": 1, "due_on": "2026-11-30", "amount": "18600.00", "paid": "0.00", "status": "pending"}]
    assert (body["paid"], body["outstanding"], body["payments"]) == ("0.00", "18600.00", [])


def test_a_body_that_is_not_an_object_is_a_400(in_two, api, mediator):
    case = in_two()
    response = api(mediator).post(f"/api/cases/{case.pk}/payments/", ["9300"], format="json")
    assert response.status_code == 400


def test_the_schema_describes_the_payment_endpoints_and_the_performance(api, supervisor):
    schema = yaml.safe_load(api(supervisor).get("/api/schema/").content)
    record = schema["paths"]["/api/cases/{case_id}/payments/"]["post"]
    assert {"201", "400", "403", "404", "409"} <= set(record["responses"])
    body = schema["components"]["schemas"]["PaymentInputRequest"]
    assert {"paid_on", "amount", "method", "instalment", "note", "overpayment_reason"} == set(body["properties"])
    assert set(body["required"]) == {"paid_on", "amount", "method"}
    assert "/api/cases/{case_id}/payments/{payment_id}/reverse/" in schema["paths"]
    agreement = schema["components"]["schemas"]["Agreement"]["properties"]
    assert {"paid", "outstanding", "performance_status", "instalments", "payments"} <= set(agreement)

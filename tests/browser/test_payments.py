"""Issue 16 in a real browser: the mediator records the employer's payments on the case page, sees the
agreement's performance, and reverses a payment recorded by mistake."""

import pytest
from playwright.sync_api import expect

from casedesk.cases.choices import Status
from casedesk.payments.models import Payment

from ..payments.conftest import IN_TWO
from .conftest import PHONE, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record(page, amount, instalment=None, note=""):
    page.locator("#record-payment > summary").click()
    page.fill("#id_record_payment_paid_on", "2026-11-02")
    page.fill("#id_record_payment_amount", amount)
    if instalment:
        page.select_option("#id_record_payment_instalment", instalment)
    page.fill("#id_record_payment_note", note)
    page.locator("#record-payment button[type=submit]").click()
    page.wait_for_load_state()


def test_the_mediator_records_and_reverses_payments(desk, shoot, case_at, walk, mediator):
    case = walk(case_at(Status.MEDIATING), ("reach_agreement", mediator, IN_TWO))
    page = desk(mediator)
    page.goto(f"/cases/{case.pk}/")
    record(page, "9300.00", instalment="1", note="工商银行转账回单 0001")
    expect(page.locator("#instalment-1")).to_contain_text("已付清")
    record(page, "500.00", note="误录")
    record(page, "5000.00", note="现金，调解员见证")
    expect(page.locator("#performance-status")).to_have_text("部分履行")
    expect(page.locator("#performance-outstanding")).to_contain_text("¥3,800.00")
    mistaken = Payment.objects.get(case=case, amount=500)
    page.locator(f"#reverse-payment-{mistaken.pk} > summary").click()
    page.fill(f"#id_reverse_{mistaken.pk}_reason", "重复登记")
    page.locator(f"#reverse-payment-{mistaken.pk} button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#performance-outstanding")).to_contain_text("¥4,300.00")
    expect(page.locator("#payments")).to_contain_text("重复登记")
    page.locator("#record-payment > summary").click()
    page.fill("#id_record_payment_paid_on", "2026-11-02")
    page.fill("#id_record_payment_amount", "5000.00")
    page.locator("#record-payment button[type=submit]").click()
    expect(page.locator("#id_record_payment_amount_error")).to_contain_text("4,300.00")
    page.locator("#performance").scroll_into_view_if_needed()
    shoot(page, "16-payments-mediator")
    page.locator("#performance").screenshot(path=SCREENSHOTS / "16-performance-1366.png")
    page.set_viewport_size(PHONE)
    page.locator("#performance").screenshot(path=SCREENSHOTS / "16-performance-400.png")

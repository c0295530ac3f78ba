"""The case page: the agreement's performance (statuses, paid, outstanding, payments), the forms to record
a payment and to reverse one for the assigned mediator and supervisors, and close showing the payments."""

import pytest

from casedesk.cases import clock
from casedesk.payments import services
from casedesk.payments.models import Payment

from .conftest import payment

pytestmark = pytest.mark.django_db


def page(client, case):
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_payment_recorded_on_the_page_shows_in_the_performance(in_two, login, mediator):
    case = in_two()
    client = login(mediator)
    response = client.post(f"/cases/{case.pk}/steps/record_payment/", payment(instalment="1", note="回单0001"))
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    html = page(client, case)
    status = html.split('id="performance-status">', 1)[1].split("<", 1)[0]
    assert status == "部分履行"
    assert "¥9,300.00" in html.split('id="performance-paid">', 1)[1].split("<", 1)[0]
    assert 'id="instalment-1" class="met"' in html and "已付清" in html
    assert "回单0001" in html and 'id="record-payment"' in html
    assert 'id="reverse-payment-' in html
    assert "登记付款" in html.split('id="timeline"', 1)[1]


def test_the_missed_instalment_is_marked_on_the_page(in_two, login, mediator):
    case = in_two()
    with clock.frozen(clock.as_moment(clock.today().replace(month=11, day=11))):
        html = page(login(mediator), case)
    assert 'id="instalment-1" class="overdue"' in html and "逾期未付" in html
    assert html.split('id="performance-status">', 1)[1].split("<", 1)[0] == "未履行"


def test_a_payment_reversed_on_the_page(in_two, login, mediator):
    case = in_two()
    services.record_payment(case, mediator, **payment())
    paid = Payment.objects.get(case=case)
    response = login(mediator).post(f"/cases/{case.pk}/steps/reverse_payment/",
                                    {"payment": paid.pk, "reason": "错录为转账，实为未付"})
    assert response.status_code == 302
    html = page(login(mediator), case)
    assert "错录为转账，实为未付" in html and f'id="reverse-payment-{paid.pk}"' not in html


def test_a_volunteer_sees_the_performance_but_no_forms(in_two, login, volunteer):
    html = page(login(volunteer), in_two())
    assert 'id="performance"' in html and 'id="record-payment"' not in html


def test_close_shows_the_payments_so_far_and_takes_no_amount(in_two, login, mediator, supervisor):
    case = in_two()
    services.record_payment(case, mediator, **payment())
    html = page(login(supervisor), case)
    close = html.split('id="action-close"', 1)[1].split("</details>", 1)[0]
    assert 'name="recovered_amount"' not in close
    assert "追回金额（截至目前已登记的付款）" in close and "¥9,300.00" in close
    response = login(supervisor).post(f"/cases/{case.pk}/actions/close/", {"recovered_so_far": "99999999"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert str(case.recovered_amount) == "9300.00"


def test_each_payment_row_names_the_instalments_it_counts_against(in_two, login, mediator):
    case = in_two()
    services.record_payment(case, mediator, **payment(amount="5000.00", instalment="2"))
    services.record_payment(case, mediator, **payment(amount="6000.00"))
    html = page(login(mediator), case)
    named, both = (html.split(f'id="payment-{p.pk}"', 1)[1].split("</tr>", 1)[0]
                   for p in Payment.objects.filter(case=case).order_by("pk"))
    cell = 'data-label="计入期次">'
    assert f"{cell}第1期\n" in named and "付款方注明：第2期" in named
    assert f"{cell}第1期、第2期\n" in both and "付款方注明" not in both
    assert "按到期先后计入各期" in html.split('id="payments"', 1)[0].rsplit("<h3>", 1)[1]

"""The issue's scenario: ¥18,600 in two instalments, the first paid in full, the second partly; the
statuses and the amount outstanding derived from the payments; the missed instalment a deadline."""

import datetime
from decimal import Decimal

import pytest

from casedesk.cases import clock, deadlines, performance, transitions
from casedesk.cases.models import Case, CaseEvent
from casedesk.payments import services
from casedesk.payments.models import Payment
from casedesk.reports import reminders, watch
from casedesk.reports.models import Reminder

from .conftest import payment

pytestmark = pytest.mark.django_db

AFTER_THE_SECOND = datetime.date(2026, 12, 1)  # Tue 1 Dec: the second instalment (30 Nov) is missed


def paid_in_part(case, mediator):
    services.record_payment(case, mediator, **payment(instalment="1", note="银行回单 0001"))
    services.record_payment(case, mediator, **payment(amount="5000.00", paid_on="2026-11-02"))
    return Case.objects.get(pk=case.pk)


def statuses(case):
    found = performance.of(Case.objects.get(pk=case.pk).agreements.first())
    return found.status, [(row.status, row.paid) for row in found.instalments], found.outstanding


def test_before_any_payment_both_instalments_are_pending(in_two):
    case = in_two()
    assert statuses(case) == ("pending", [("pending", Decimal("0")), ("pending", Decimal("0"))], Decimal("18600.00"))
    assert case.unpaid_due == datetime.date(2026, 11, 10)


def test_first_paid_in_full_second_partly(in_two, mediator):
    case = paid_in_part(in_two(), mediator)
    assert statuses(case) == (
        "partly_performed", [("paid", Decimal("9300.00")), ("partly_paid", Decimal("5000.00"))], Decimal("4300.00"))
    assert case.recovered_amount == Decimal("14300.00")
    assert case.unpaid_due == datetime.date(2026, 11, 30)
    events = list(CaseEvent.objects.filter(case=case, action="record_payment").order_by("seq"))
    assert [e.data["amount"] for e in events] == ["9300.00", "5000.00"]
    assert events[-1].data["outstanding"] == "4300.00" and events[0].data["note"] == "银行回单 0001"
    assert Payment.objects.get(pk=events[0].data["payment"]).instalment.due_on == datetime.date(2026, 11, 10)


def test_the_second_instalment_is_missed_after_its_date(in_two, mediator):
    case = paid_in_part(in_two(), mediator)
    with clock.frozen(AFTER_THE_SECOND):
        assert statuses(case) == (
            "not_performed", [("paid", Decimal("9300.00")), ("missed", Decimal("5000.00"))], Decimal("4300.00"))
        items = {(d.kind, d.due): d for d in deadlines.case_deadlines(Case.objects.get(pk=case.pk))}
    first, second = items[("instalment", datetime.date(2026, 11, 10))], items[("instalment", datetime.date(2026, 11, 30))]
    assert (first.met, first.overdue, second.met, second.overdue) == (True, False, False, True)
    assert items[("performance", datetime.date(2026, 11, 30))].overdue
    assert "第十六条" in second.basis


def test_paid_in_full_the_agreement_is_performed_and_nothing_is_missed(in_two, mediator):
    case = paid_in_part(in_two(), mediator)
    services.record_payment(case, mediator, **payment(amount="4300.00"))
    with clock.frozen(AFTER_THE_SECOND):
        assert statuses(case)[0] == "performed"
        assert case.pk not in {w.case.pk for w in watch.due_work()}
    assert Case.objects.get(pk=case.pk).unpaid_due is None


def test_the_missed_instalment_puts_the_case_on_the_overdue_lists(in_two, mediator, supervisor, api, login):
    case = paid_in_part(in_two(), mediator)
    assert case.pk not in {w.case.pk for w in watch.due_work() if w.overdue}  # not yet
    with clock.frozen(AFTER_THE_SECOND):
        found = {w.case.pk: w for w in watch.due_work()}
        assert (found[case.pk].kind, found[case.pk].due, found[case.pk].overdue) == (
            "instalment", datetime.date(2026, 11, 30), True)
        listed = api(supervisor).get("/api/cases/", {"overdue": "true"}).json()
        assert case.pk in {c["id"] for c in listed["results"]}
        assert api(supervisor).get(f"/api/cases/{case.pk}/").json()["overdue"] is True
        html = login(supervisor).get("/deadlines/").content.decode()
        assert f'data-case="{case.pk}"' in html


def test_a_reminder_is_written_for_the_missed_instalment(in_two, mediator, supervisor):
    case = paid_in_part(in_two(), mediator)
    with clock.frozen(AFTER_THE_SECOND):
        assert reminders.record() >= 2
        assert reminders.record() == 0  # once
    written = Reminder.objects.filter(case=case)
    assert {(r.kind, r.due, r.overdue) for r in written} == {("instalment", datetime.date(2026, 11, 30), True)}
    assert {r.recipient for r in written} == {mediator, supervisor}


def test_the_first_instalment_due_soon_is_at_risk(in_two):
    case = in_two()
    with clock.frozen(datetime.date(2026, 11, 9)):
        found = {w.case.pk: w for w in watch.due_work()}
    assert (found[case.pk].kind, found[case.pk].overdue) == ("instalment", False)


def test_a_reversal_is_a_counter_entry_and_the_payment_stays(in_two, mediator):
    case = paid_in_part(in_two(), mediator)
    second = Payment.objects.get(case=case, amount=Decimal("5000.00"))
    services.reverse_payment(case, mediator, payment=second.pk, reason="金额录入错误，实为5000元现金未到账。")
    case = Case.objects.get(pk=case.pk)
    assert case.recovered_amount == Decimal("9300.00")
    assert statuses(case)[1] == [("paid", Decimal("9300.00")), ("pending", Decimal("0"))]
    counter = Payment.objects.get(reverses=second)
    assert (counter.amount, counter.paid_on, counter.reason) == (
        Decimal("-5000.00"), second.paid_on, "金额录入错误，实为5000元现金未到账。")
    assert Payment.objects.filter(case=case).count() == 3
    event = CaseEvent.objects.filter(case=case).order_by("-seq").first()
    assert (event.action, event.data["reverses"], event.data["amount"]) == ("reverse_payment", second.pk, "-5000.00")


def test_a_supervisor_records_a_payment_on_a_closed_case(in_two, mediator, supervisor):
    case = in_two()
    case = transitions.perform(case, "close", supervisor)
    assert case.recovered_amount == Decimal("0.00")
    services.record_payment(case, supervisor, **payment(amount="18600.00"))
    case = Case.objects.get(pk=case.pk)
    assert (case.recovered_amount, case.unpaid_due) == (Decimal("18600.00"), None)


def test_close_shows_the_payments_so_far(in_two, mediator, supervisor):
    case = paid_in_part(in_two(), mediator)
    case = transitions.perform(case, "close", supervisor)
    assert case.recovered_amount == Decimal("14300.00")
    assert CaseEvent.objects.filter(case=case, action="close").get().data["recovered_amount"] == "14300.00"


def test_an_overpayment_with_its_reason_is_recorded(in_two, mediator):
    case = in_two()
    services.record_payment(case, mediator, **payment(amount="18700.00", overpayment_reason="含100元迟延履行补偿"))
    case = Case.objects.get(pk=case.pk)
    assert statuses(case)[0] == "performed" and statuses(case)[2] == Decimal("0.00")
    assert case.recovered_amount == Decimal("18700.00")


def test_the_missed_instalment_is_on_the_mediators_home_and_the_desks_deadline_page(in_two, mediator, login):
    case = paid_in_part(in_two(), mediator)
    with clock.frozen(AFTER_THE_SECOND):
        client = login(mediator)
        home = client.get("/").content.decode().split('id="deadlines"', 1)[1].split("</section>", 1)[0]
        listed = client.get("/deadlines/").content.decode()
    assert case.number in home and "2026年11月30日" in home
    assert case.number in listed and "2026年11月30日" in listed


def test_the_timeline_shows_each_instalment_as_the_deadline_page_does(in_two, mediator):
    """The timeline listed the deadlines its events set and left the instalments out: a case the
    deadline page showed "分期款项支付 已超期" read "0个期限逾期" on its timeline."""
    from casedesk.reports import timeline

    case = paid_in_part(in_two(), mediator)  # the first instalment paid, ¥4,300 of the second missing
    for today in (datetime.date(2026, 11, 20), AFTER_THE_SECOND):
        current = [(d.due, d.met, d.overdue) for d in deadlines.case_deadlines(Case.objects.get(pk=case.pk), today)
                   if d.kind == deadlines.INSTALMENT]
        built = timeline.build(Case.objects.get(pk=case.pk), today)
        shown = [(s.due, s.state == "met", s.state == "overdue") for s in built.spans if s.kind == deadlines.INSTALMENT]
        assert shown == current == [(datetime.date(2026, 11, 10), True, False),
                                    (datetime.date(2026, 11, 30), False, today == AFTER_THE_SECOND)]
    late = {str(s.label): s.late_working_days for s in built.late_deadlines}
    assert late == {"分期款项支付": 1, "履行调解协议": 1}  # the last instalment is the performance date


def test_each_payment_says_which_instalments_it_counts_against(in_two, mediator):
    """Payments count against the instalments earliest first, whatever instalment they name: each one
    is told which it covered, so that the list of payments and the instalments' table agree."""
    case = in_two()
    services.record_payment(case, mediator, **payment(amount="5000.00", instalment="2"))
    services.record_payment(case, mediator, **payment(amount="1000.00", paid_on="2026-11-02", instalment="2"))
    services.record_payment(case, mediator, **payment(amount="6000.00", paid_on="2026-11-02"))
    wrong = Payment.objects.get(case=case, amount=Decimal("1000.00"))
    services.reverse_payment(case, mediator, payment=wrong.pk, reason="重复登记")
    services.record_payment(case, mediator, **payment(amount="8000.00", overpayment_reason="含迟延履行的利息"))
    found = performance.of(Case.objects.get(pk=case.pk).agreements.first())
    rows = {(row.payment.amount, row.payment.is_reversal): (row.named, row.counted, row.counted_elsewhere)
            for row in found.payment_rows}
    assert rows == {
        (Decimal("5000.00"), False): (2, (1,), True),
        (Decimal("1000.00"), False): (2, (), False),  # reversed
        (Decimal("-1000.00"), True): (2, (), False),
        (Decimal("6000.00"), False): (None, (1, 2), False),  # 4,300 completes the first, 1,700 the second's start
        (Decimal("8000.00"), False): (None, (2,), False),  # 7,600 completes the second, 400 is more than agreed
    }
    assert [row.paid for row in found.instalments] == [Decimal("9300.00"), Decimal("9300.00")]

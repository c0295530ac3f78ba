"""Dates and amounts as the desk writes them."""

import datetime
from decimal import Decimal

from casedesk.web.formatting import chinese_date, desk_datetime, figure, yuan
from casedesk.web.templatetags.desk_format import masked_phone


def test_dates_are_written_the_chinese_way():
    assert chinese_date(datetime.date(2026, 11, 26)) == "2026年11月26日"
    assert chinese_date(None) == ""


def test_times_are_shown_in_shanghai():
    moment = datetime.datetime(2026, 11, 25, 17, 30, tzinfo=datetime.timezone.utc)
    assert chinese_date(moment) == "2026年11月26日"
    assert desk_datetime(moment) == "2026年11月26日 01:30"


def test_amounts_carry_the_yuan_sign_thousands_and_two_places():
    assert yuan(Decimal("18600")) == "¥18,600.00"
    assert yuan("1234567.5") == "¥1,234,567.50"
    assert yuan(None) == "" and yuan("abc") == ""


def test_phone_numbers_in_lists_are_masked():
    assert masked_phone("13800138000") == "138****8000"


def test_a_counter_entry_is_written_with_its_sign_before_the_currency():
    assert yuan(Decimal("-10000")) == "-¥10,000.00" and yuan("-0.004") == "¥0.00"


def test_a_table_figure_keeps_an_amounts_two_places_and_a_rates_one():
    """The statistics page wrote the court's success rate 4 of 6 as 66.70 and the average days 30.90:
    a rate and an average are given to one decimal, as the workbook and the PDF show them."""
    assert figure(Decimal("638510.00")) == "638,510.00"
    assert figure(Decimal("66.7")) == "66.7" and figure(Decimal("30.9")) == "30.9"
    assert figure(7) == 7 and figure("–") == "–"

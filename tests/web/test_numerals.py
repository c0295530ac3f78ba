"""Amounts in capital numerals (PBoC rules for writing amounts) and dates in Chinese."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.web.formatting import chinese_date, document_datetime, rmb_capital, rmb_figures

DIGIT_VALUES = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
PLACE_VALUES = {"拾": 10, "佰": 100, "仟": 1000}


@pytest.mark.parametrize(("amount", "words"), [
    ("18600", "人民币壹万捌仟陆佰元整"),
    ("18600.50", "人民币壹万捌仟陆佰元伍角"),
    ("0.05", "人民币伍分"),
    ("100000.01", "人民币壹拾万元零壹分"),
    # The examples in the PBoC's rules for writing amounts.
    ("1409.50", "人民币壹仟肆佰零玖元伍角"),
    ("6007.14", "人民币陆仟零柒元壹角肆分"),
    ("325.04", "人民币叁佰贰拾伍元零肆分"),
    ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
    ("1680.32", "人民币壹仟陆佰捌拾元叁角贰分"),
    ("107000.53", "人民币壹拾万柒仟元伍角叁分"),
    ("0", "人民币零元整"),
    ("0.50", "人民币伍角"),
    ("0.15", "人民币壹角伍分"),
    ("10", "人民币壹拾元整"),
    ("1010", "人民币壹仟零壹拾元整"),
    ("1000100", "人民币壹佰万零壹佰元整"),
    ("100010000", "人民币壹亿零壹万元整"),
    ("100000001", "人民币壹亿零壹元整"),
    ("1000100000000", "人民币壹万零壹亿元整"),
    ("110000000", "人民币壹亿壹仟万元整"),
    ("9999999999.99", "人民币玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
])
def test_amount_in_capital_numerals(amount, words):
    assert rmb_capital(Decimal(amount)) == words


def test_amount_in_figures_has_the_yuan_sign_thousands_and_two_places():
    assert rmb_figures(Decimal("18600")) == "¥18,600.00"
    assert rmb_figures("1234567.5") == "¥1,234,567.50"


@pytest.mark.parametrize("bad", ["-1", "0.001", "1e16", "NaN", "abc", None])
def test_an_impossible_amount_is_refused(bad):
    with pytest.raises(ValueError):
        rmb_capital(bad)


def test_money_as_float_is_refused():
    with pytest.raises(TypeError):
        rmb_capital(18600.5)


def _read_integer(words):
    """An independent reader of capital numerals (the inverse of the rules), for the round trip."""
    total, section, digit = 0, 0, 0
    for char in words:
        if char in DIGIT_VALUES:
            digit = DIGIT_VALUES[char]
        elif char in PLACE_VALUES:
            section += digit * PLACE_VALUES[char]
            digit = 0
        elif char == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif char == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
    return total + section + digit


def read_capital(text):
    assert text.startswith("人民币")
    body = text[3:]
    if body == "零元整":
        return Decimal("0")
    yuan, _, rest = body.partition("元") if "元" in body else ("", "", body)
    value = Decimal(_read_integer(yuan))
    rest = rest.removesuffix("整").lstrip("零")
    if "角" in rest:
        jiao, _, rest = rest.partition("角")
        value += Decimal(DIGIT_VALUES[jiao]) / 10
    if "分" in rest:
        value += Decimal(DIGIT_VALUES[rest.removesuffix("分")]) / 100
    return value


AMOUNTS = st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2, allow_nan=False)


@given(AMOUNTS)
def test_capital_numerals_read_back_to_the_same_amount(amount):
    assert read_capital(rmb_capital(amount)) == amount


@given(AMOUNTS)
def test_capital_numerals_follow_the_rules_for_zero_and_zheng(amount):
    words = rmb_capital(amount)
    assert "零零" not in words
    assert amount == 0 or not any(f"零{unit}" in words for unit in "元万亿角分拾佰仟")
    whole = amount == amount.to_integral_value()
    assert words.endswith("整") == whole
    assert words.endswith("整") or words.endswith("角") or words.endswith("分")
    if amount >= 1 and not whole:
        jiao = int(amount * 10) % 10
        assert ("元零" in words) == (jiao == 0)


def test_dates_are_written_with_arabic_numerals_in_chinese():
    assert chinese_date(datetime.date(2026, 11, 26)) == "2026年11月26日"
    assert chinese_date(None) == ""


def test_a_datetime_is_written_in_the_desks_time_zone():
    utc = datetime.datetime(2026, 11, 25, 16, 30, tzinfo=datetime.timezone.utc)  # 00:30 on the 26th in Shanghai
    assert chinese_date(utc) == "2026年11月26日"
    assert document_datetime(utc) == "2026年11月26日0时30分"

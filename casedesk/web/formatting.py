"""How casedesk writes dates and money, on pages, in exports and in documents: the one place.

Dates: 2026年11月26日; on pages with the time 2026年11月26日 14:05; in documents 2026年11月26日14时05分.
Times are stored in UTC and written in the desk's time zone (Asia/Shanghai).
Money: ¥18,600.00 in figures; in documents also in capital numerals, 人民币壹万捌仟陆佰元整.
Downloads are saved under the names users read: 调解协议书〔2026〕某工调协字第0021号（第1版）.pdf.

Capital numerals follow the People's Bank of China rules for writing amounts
(《支付结算办法》附件一 "正确填写票据和结算凭证的基本规定"):
- one 零 stands for a run of zeros inside the number; none at the end of a group;
- a part below 万 (or below 亿) that starts with zeros after a higher part gets one 零
  (壹佰万零壹佰, 壹亿零壹万, 壹亿零壹元); the count of 亿 is itself a number (壹万零壹亿);
- 整 follows 元 when there are no 角 or 分, and nothing follows 角 or 分;
- 元零X分 when 角 is zero and 分 is not (人民币壹拾万元零壹分); with no 元 at all, no 零 (人民币伍分).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.http import content_disposition_header

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
LIMIT = Decimal(10) ** 16
CENT = Decimal("0.01")


def _as_decimal(amount) -> Decimal:
    if isinstance(amount, float) or isinstance(amount, bool):
        raise TypeError("money is a Decimal, an int or a string, never a float")
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"not an amount: {amount!r}") from None
    if not value.is_finite() or value < 0 or value >= LIMIT:
        raise ValueError(f"amount out of range: {amount!r}")
    if value != value.quantize(CENT):
        raise ValueError(f"an amount has at most two decimal places: {amount!r}")
    return value.quantize(CENT)


def _group(number: int) -> str:
    """0 < number < 10000 in capitals, zeros inside collapsed, leading and trailing zeros dropped."""
    out, pending_zero = "", False
    for place in range(3, -1, -1):
        digit = number // 10**place % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += DIGITS[0]
        out += DIGITS[digit] + PLACES[place]
        pending_zero = False
    return out


def _counted(number: int, unit: int, name: str, lower) -> str:
    """`number` as its count of `unit`s named `name`, then the rest; one 零 where the rest starts with zeros."""
    high, low = divmod(number, unit)
    out = lower(high) + name if high else ""
    if low:
        if high and low < unit // 10:
            out += DIGITS[0]
        out += lower(low)
    return out


def _below_yi(number: int) -> str:
    return _counted(number, 10_000, "万", _group)


def _integer(number: int) -> str:
    # Above 亿 the count of 亿s is itself a number: 1000100000000 → 壹万零壹亿.
    return _counted(number, 100_000_000, "亿", _below_yi)


def rmb_capital(amount) -> str:
    """18600 → 人民币壹万捌仟陆佰元整; 0.05 → 人民币伍分; 100000.01 → 人民币壹拾万元零壹分."""
    value = _as_decimal(amount)
    yuan = int(value)
    cents = int((value - yuan) * 100)
    jiao, fen = divmod(cents, 10)
    if yuan == 0 and cents == 0:
        return "人民币零元整"
    out = "人民币"
    if yuan:
        out += _integer(yuan) + "元"
    if cents == 0:
        return out + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif yuan:
        out += DIGITS[0]
    if fen:
        out += DIGITS[fen] + "分"
    return out


def rmb_figures(amount) -> str:
    """18600 → ¥18,600.00; refuses what is not an amount (documents print only real amounts)."""
    return f"¥{_as_decimal(amount):,.2f}"


def yuan(value) -> str:
    """An amount as ¥18,600.00 on a page, a counter-entry as -¥10,000.00; empty for no amount, or for one
    that cannot be read."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        return ""
    return f"-¥{-amount:,.2f}" if amount < 0 else f"¥{abs(amount):,.2f}"  # abs: -0.004 rounds to -0.00


def figure(value):
    """A figure in a table of figures: an amount (a Decimal) with thousands separators and its two
    decimals, 638,510.00 (the column names the unit: 元 or 万元); a rate or an average, which the
    figures give to one decimal, with that one (66.7, not 66.70); counts and text as they are."""
    if isinstance(value, Decimal) and value.is_finite():
        return f"{value:,.1f}" if value.as_tuple().exponent == -1 else f"{value:,.2f}"
    return value


def _local(value):
    """An aware datetime in the desk's time zone; a naive one as it is."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def chinese_date(value) -> str:
    """A date (or a datetime, taken in the desk's time zone) as 2026年11月26日; empty for none."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_month(value) -> str:
    """The month of a date as 2026年11月."""
    return f"{value.year}年{value.month}月"


def desk_datetime(value) -> str:
    """A moment as the desk's pages show it: 2026年11月26日 14:05 (Asia/Shanghai); empty for none."""
    if not value:
        return ""
    local = _local(value)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def document_datetime(value) -> str:
    """A moment as documents write it: 2026年11月10日10时00分 (Asia/Shanghai); empty for none."""
    if not value:
        return ""
    local = _local(value)
    return f"{chinese_date(local.date())}{local.hour}时{local.minute:02d}分"


# What Windows, macOS or a phone refuses in a file name, and control characters.
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_name(stem, suffix) -> str:
    """A download's name: `stem` in the desk's words, with what a file system refuses replaced, and
    `suffix` (".pdf"). Sent as the RFC 6266 filename* that browsers read (FileResponse writes it)."""
    cleaned = _NOT_IN_FILE_NAMES.sub("_", str(stem)).strip(" .") or "casedesk"
    return cleaned[:120] + suffix


def attachment(response, name, *, inline=False):
    """Name the file `response` carries (as FileResponse names its own)."""
    response["Content-Disposition"] = content_disposition_header(not inline, name)
    return response

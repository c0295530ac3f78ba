"""How the desk writes dates and money: 2026年11月26日, ¥18,600.00."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

from casedesk.cases.identifiers import mask_phone

register = template.Library()


@register.filter
def cn_date(value):
    """A date, or an aware datetime taken in Asia/Shanghai, as 2026年11月26日."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cn_datetime(value):
    """An aware datetime in Asia/Shanghai as 2026年11月26日 14:05."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local.date())} {local:%H:%M}"


@register.filter
def yuan(value):
    """An amount as ¥18,600.00; empty for no amount."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return ""
    return f"¥{amount:,.2f}"


@register.filter
def masked_phone(value):
    """Lists always mask phone numbers (DOMAIN.md "Personal information")."""
    return mask_phone(value or "")

"""Template filters for dates and money on the desk's pages (casedesk.web.formatting), and phone
numbers masked in lists: {% load desk_format %} in desk, report and workflow templates."""

from django import template

from casedesk.cases.identifiers import mask_phone
from casedesk.web import formatting

register = template.Library()

register.filter("cn_date", formatting.chinese_date)
register.filter("cn_datetime", formatting.desk_datetime)
register.filter("yuan", formatting.yuan)
register.filter("figure", formatting.figure)


@register.filter
def masked_phone(value):
    """Lists always mask phone numbers (DOMAIN.md "Personal information")."""
    return mask_phone(value or "")

"""Filters for the PDF templates: Chinese dates and amounts in figures and capitals (casedesk.web.formatting)."""

from django import template
from django.utils.html import format_html, format_html_join

from casedesk.cases import labels
from casedesk.web import formatting

register = template.Library()


@register.filter
def cn_date(value):
    return formatting.chinese_date(value)


@register.filter
def cn_datetime(value):
    return formatting.document_datetime(value)


@register.filter
def document_title(kind):
    return labels.document_title(kind)


@register.filter
def rmb(value):
    return "" if value is None else formatting.rmb_figures(value)


@register.filter
def rmb_capital(value):
    return "" if value is None else formatting.rmb_capital(value)


@register.filter
def paragraphs(value):
    """Each line of a text as its own paragraph (escaped), so that each is indented like the body."""
    lines = [line.strip() for line in str(value or "").splitlines()]
    return format_html_join("\n", "<p>{}</p>", ((line,) for line in lines if line))


@register.simple_tag
def blank(width=6, label=""):
    """A line to fill in by hand, `width` characters long, kept on one line with its label."""
    return format_html('<span class="fill">{}<span class="blank">{}</span></span>', label, "\u3000" * int(width))

"""Filters for the PDF templates: Chinese dates and amounts in figures and capitals, free text
fitted into a sentence, and the statutes cited (from casedesk.cases.statutes, never typed here)."""

from django import template
from django.utils.html import format_html, format_html_join

from casedesk.cases import labels, statutes
from casedesk.documents import text
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


@register.filter
def clause(value):
    """Free text as part of a sentence: no closing punctuation of its own (the template adds it)."""
    return text.clause(value)


@register.simple_tag
def cite(*names):
    """《law》第X条、第Y条 for the provisions named (casedesk.cases.statutes attributes)."""
    return statutes.cite(*(statutes.provision(name) for name in names))


@register.simple_tag
def statute(name, **params):
    """What the provision named says, its numbers filled in (no closing punctuation)."""
    return str(statutes.provision(name).text) % params

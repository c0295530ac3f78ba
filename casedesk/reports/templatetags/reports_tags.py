from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def cases_url(filters):
    """The web list of the cases behind a figure (the case list's own filters)."""
    return f"{reverse('reports:cases')}?{urlencode(filters)}"


@register.filter
def lookup(mapping, key):
    return mapping.get(key, key)

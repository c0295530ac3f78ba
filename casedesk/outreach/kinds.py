"""The kinds of outreach event a desk starts with: those the union's yearly summary names.

Kinds are rows (EventKind) that an administrator renames, reorders, retires or adds to, since
unions name their activities differently; these only seed the table, in the desk's language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext_lazy

SEED_KINDS = (
    pgettext_lazy("outreach kind", "Legal services in industrial parks"),
    pgettext_lazy("outreach kind", "Legal services in enterprises"),
    pgettext_lazy("outreach kind", "Mental health counselling"),
    pgettext_lazy("outreach kind", "Knowledge lecture"),
    pgettext_lazy("outreach kind", "Legal awareness talk"),
    pgettext_lazy("outreach kind", "Free health clinic"),
    pgettext_lazy("outreach kind", "Collective bargaining guidance"),
    pgettext_lazy("outreach kind", "Other activity"),
)


def seed_names():
    """The seed kinds' names as the desk shows them (its language, not the request's)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [str(name) for name in SEED_KINDS]


def seed(event_kind_model):
    """Create the seed kinds that are missing (by name), in order; returns how many were made."""
    made = 0
    for position, name in enumerate(seed_names(), start=1):
        _kind, created = event_kind_model.objects.get_or_create(name=name, defaults={"position": position * 10})
        made += created
    return made

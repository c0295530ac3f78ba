"""Consultations as rows of a spreadsheet. Name and phone are never exported: a column says only
whether the person left them (exports carry no contact data, as the case exports carry no phone)."""

from django.utils import timezone
from django.utils.translation import gettext as _

CHUNK = 1000


def columns():
    return [
        _("Time"), _("Channel"), _("Topic"), _("Employment form"), _("People"), _("Question"), _("Answer given"),
        _("Outreach event"), _("Left name or phone"), _("Became a case"), _("Recorded by"),
    ]


def rows(queryset, progress=None):
    """(id, row) per consultation in time order; calls progress(done, total) now and then."""
    queryset = queryset.select_related("recorded_by", "event__kind").order_by("asked_at", "id")
    total = queryset.count()
    if progress:
        progress(0, total)
    for done, consultation in enumerate(queryset.iterator(chunk_size=CHUNK), start=1):
        yield consultation.pk, _row(consultation)
        if progress and (done % CHUNK == 0 or done == total):
            progress(done, total)


def _row(c):
    event = f"{c.event.held_on:%Y-%m-%d} {c.event.kind.name}" if c.event else ""
    return [
        timezone.localtime(c.asked_at).replace(tzinfo=None), c.get_channel_display(), c.get_topic_display(),
        c.get_employment_form_display() if c.employment_form else "", c.people, c.question, c.answer, event,
        _("Yes") if (c.name or c.phone) else _("No"), _("Yes") if c.case_id else _("No"),
        c.recorded_by.get_full_name() or c.recorded_by.username,
    ]

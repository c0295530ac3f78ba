"""From a template to PDF bytes: the page (templates/documents/base.html), the QR code, WeasyPrint."""

import threading
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from casedesk.cases.models import Case
from casedesk.units import tree

LANGUAGE = "zh-hans"


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int


def verification_url(code):
    return settings.CASEDESK_BASE_URL + reverse("document-verify", args=[code])


def qr_svg(url):
    """The QR code as inline SVG that scales to its box (CSS sets the size)."""
    import segno

    qr = segno.make(url, error="m")
    return mark_safe(qr.svg_inline(omitsize=True, border=0, dark="#000"))


def html_for(template, context):
    """The document's HTML, with the desk's Chinese labels for choices (get_FOO_display), and the
    name and seal of the unit that issues it: the case's unit, else the root unit (figures)."""
    case = context.get("case")
    unit = case.unit if isinstance(case, Case) else tree.root()
    with translation.override(LANGUAGE):
        return render_to_string(template, {
            **tree.letterhead(unit),
            "font_family": settings.CASEDESK_PDF_FONT,
            **context,
        })


def variant():
    return settings.CASEDESK_PDF_VARIANT or ""


_fonts = threading.local()


def font_config():
    """WeasyPrint's fonts, loaded once per thread: a FontConfiguration of its own for every document
    loads the CJK fonts again (a case file renders its timeline and its cover: 60 MB more at its peak)."""
    if not hasattr(_fonts, "config"):
        from weasyprint.text.fonts import FontConfiguration

        _fonts.config = FontConfiguration()
    return _fonts.config


def write_pdf(html):
    """HTML to PDF with the project's options; also the bare WeasyPrint call the benchmark compares with."""
    import weasyprint  # a few seconds of cffi set-up: not at Django's start-up

    options = {"pdf_variant": variant() or None}
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=font_config(), **options)
    return Rendered(document.write_pdf(**options), len(document.pages))


def render(template, context):
    return write_pdf(html_for(template, context))

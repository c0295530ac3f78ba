"""Start-up checks: the PDF font and HarfBuzz's subsetter must be there (DESIGN.md "Stack")."""

import ctypes.util
import shutil
import subprocess

from django.conf import settings
from django.core.checks import Error, register

TAG = "documents"


def installed_font_families():
    if shutil.which("fc-list") is None:
        return None
    result = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=30, check=False)
    return {family.strip() for line in result.stdout.splitlines() for family in line.split(",")}


@register(TAG, deploy=False)
def check_pdf_font(app_configs=None, **kwargs):
    family = settings.CASEDESK_PDF_FONT
    families = installed_font_families()
    if families is None:
        return [Error(
            "fontconfig (fc-list) is not installed, so no font can be found for the PDF documents.",
            hint="On Debian: apt-get install fontconfig fonts-noto-cjk", id="documents.E001",
        )]
    if family not in families:
        return [Error(
            f"The PDF font {family!r} (CASEDESK_PDF_FONT) is not installed: documents would print "
            "Chinese in a fallback font or as empty boxes.",
            hint="On Debian: apt-get install fonts-noto-cjk (Noto Serif CJK SC), or set CASEDESK_PDF_FONT "
            "to a family that fc-list shows.",
            id="documents.E002",
        )]
    return []


@register(TAG, deploy=False)
def check_harfbuzz_subset(app_configs=None, **kwargs):
    if ctypes.util.find_library("harfbuzz-subset") is None:
        return [Error(
            "libharfbuzz-subset is missing: WeasyPrint would subset the CJK fonts in pure Python and a "
            "two-page agreement would take about 10 s instead of a fraction of a second.",
            hint="On Debian: apt-get install libharfbuzz-subset0", id="documents.E003",
        )]
    return []


@register(TAG, deploy=False)
def check_pdf_variant(app_configs=None, **kwargs):
    from weasyprint.pdf import VARIANTS

    variant = settings.CASEDESK_PDF_VARIANT
    if variant and variant not in VARIANTS:
        return [Error(
            f"CASEDESK_PDF_VARIANT is {variant!r}, which WeasyPrint does not know: every document would fail "
            "to render.",
            hint=f"Use one of {', '.join(sorted(VARIANTS))}, or an empty value for a plain PDF.",
            id="documents.E004",
        )]
    return []

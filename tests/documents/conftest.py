"""PDF helpers for the document tests: the text and fonts of an issued PDF."""

import re
import subprocess

import pytest


@pytest.fixture
def media_root(settings):
    """Where the test's PDFs go (a temporary folder of its own: tests/conftest.py)."""
    return settings.MEDIA_ROOT


def pdf_text(path_or_bytes):
    """The text pdftotext reads from a PDF, with all whitespace removed (CJK lines wrap anywhere)."""
    if isinstance(path_or_bytes, bytes):
        result = subprocess.run(["pdftotext", "-", "-"], input=path_or_bytes, capture_output=True, check=True)
    else:
        result = subprocess.run(["pdftotext", str(path_or_bytes), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", result.stdout.decode("utf-8"))


def pdf_fonts(path):
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    return result.stdout.splitlines()[2:]

"""Files are written once; rows never change; start-up checks for the font and HarfBuzz's subsetter."""

import ctypes.util

import pytest
from django.db import DatabaseError, transaction

from casedesk.documents import checks, storage
from casedesk.documents.models import GeneratedDocument
from casedesk.documents.rendering import render_document

from ..conftest import unchanged


def test_a_stored_file_is_never_overwritten(media_root):
    storage.write_once("documents/2026/x.pdf", b"first")
    with pytest.raises(FileExistsError):
        storage.write_once("documents/2026/x.pdf", b"second")
    assert storage.absolute("documents/2026/x.pdf").read_bytes() == b"first"


@pytest.mark.django_db
def test_the_database_refuses_to_change_a_document_row(case_at, mediator):
    case = case_at("accepted")
    document = render_document(case, "acceptance_notice", mediator)
    with unchanged(case), pytest.raises(DatabaseError), transaction.atomic():
        GeneratedDocument.objects.filter(pk=document.pk).update(sha256="0" * 64)
    assert GeneratedDocument.objects.get(pk=document.pk).sha256 == document.sha256


def test_the_checks_pass_on_this_machine():
    assert checks.check_pdf_font() == []
    assert checks.check_harfbuzz_subset() == []
    assert checks.check_pdf_variant() == []


def test_a_missing_font_fails_the_start_up_check(settings):
    settings.CASEDESK_PDF_FONT = "No Such Serif CJK"
    errors = checks.check_pdf_font()
    assert [e.id for e in errors] == ["documents.E002"]
    assert "No Such Serif CJK" in errors[0].msg and "fonts-noto-cjk" in errors[0].hint


def test_a_missing_harfbuzz_subset_library_fails_the_start_up_check(monkeypatch):
    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if "subset" in name else real(name))
    errors = checks.check_harfbuzz_subset()
    assert [e.id for e in errors] == ["documents.E003"]
    assert "libharfbuzz-subset0" in errors[0].hint


@pytest.mark.parametrize("variant", ["pdf/a-3b", "", "pdf/ua-1"])
def test_a_known_pdf_variant_or_none_passes_the_start_up_check(settings, variant):
    settings.CASEDESK_PDF_VARIANT = variant
    assert checks.check_pdf_variant() == []


def test_a_misspelt_pdf_variant_fails_the_start_up_check(settings):
    settings.CASEDESK_PDF_VARIANT = "pdf/a3b"
    errors = checks.check_pdf_variant()
    assert [e.id for e in errors] == ["documents.E004"] and "'pdf/a3b'" in errors[0].msg and "pdf/a-3b" in errors[0].hint

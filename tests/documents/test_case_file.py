"""The case file (卷宗): cover, index, every stored document as issued, the audit timeline; PDF/A-3b."""

import io
import os
import subprocess

import pytest
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from casedesk.cases import clock
from casedesk.demo.management.commands.load_demo import load_fixture
from casedesk.documents import storage
from casedesk.documents.casefile import StoredDocumentDamaged
from casedesk.documents.rendering import render_document
from casedesk.payments import services as payments

from ..conftest import NOW, restore_reference_data
from .conftest import pdf_text

# Marked so that pytest-django runs these before the transactional tests, whose flush removes the groups.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bundle(django_db_setup, django_db_blocker, tmp_path_factory):
    """One archived demo case's case file, rendered once for the module (the database is rolled back)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        restore_reference_data()
        demo = load_fixture("demo_documents")
        volunteer, mediator, supervisor = demo.demo_users()
        case, _ = demo.settled_case(volunteer, mediator, supervisor, documents=False)
        with clock.frozen(NOW):
            issued = [render_document(case, "agreement", mediator), render_document(case, "closing_report", supervisor)]
            case_file = render_document(case, "case_file", supervisor)
        result = {
            "data": storage.absolute(case_file.file_path).read_bytes(),
            "pages": case_file.pages,
            "issued": [
                {"number": d.number, "pages": d.pages, "data": storage.absolute(d.file_path).read_bytes()}
                for d in issued
            ],
        }
        transaction.set_rollback(True)
    return result


def test_case_file_has_cover_index_documents_and_timeline_in_order(bundle):
    text = pdf_text(bundle["data"])
    assert "劳动争议调解案件卷宗" in text and "卷内目录" in text and "案件办理记录（审计时间线）" in text
    for document in bundle["issued"]:
        assert document["number"] in text
    assert "审计链完整" in text
    assert text.index("卷内目录") < text.index("调解协议书〔2026〕某工调协字") < text.index("结案报告〔2026〕")
    reader = PdfReader(io.BytesIO(bundle["data"]))
    assert len(reader.pages) == bundle["pages"]
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == ["劳动争议调解案件卷宗", "卷内目录", "1. 调解协议书", "2. 结案报告", "案件办理记录（审计时间线）"]


def test_case_file_holds_the_stored_pages_unchanged(bundle):
    reader = PdfReader(io.BytesIO(bundle["data"]))
    stored_pages = sum(d["pages"] for d in bundle["issued"])
    front = 2
    assert len(reader.pages) > front + stored_pages
    page = front
    for document in bundle["issued"]:
        for stored_page in PdfReader(io.BytesIO(document["data"])).pages:
            assert reader.pages[page].extract_text() == stored_page.extract_text()
            page += 1


def test_archive_copy_is_marked_pdf_a_3b_with_an_output_intent(bundle):
    reader = PdfReader(io.BytesIO(bundle["data"]), strict=True)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp or b"<pdfaid:part>3</pdfaid:part>" in xmp
    assert b'pdfaid:conformance="B"' in xmp or b"<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    assert reader.trailer["/ID"]
    assert reader.metadata["/Producer"].startswith("WeasyPrint")  # the Info dictionary agrees with the XMP
    assert not reader.is_encrypted


def test_case_file_is_one_clean_pdf_for_poppler_with_every_font_embedded(bundle, tmp_path):
    path = tmp_path / "case_file.pdf"
    path.write_bytes(bundle["data"])
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    assert info.returncode == 0 and not info.stderr, info.stderr
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    lines = fonts.splitlines()[2:]
    assert lines and all(" yes yes " in line for line in lines)


def test_a_stored_document_that_was_changed_is_not_bundled(agreed, walk, mediator, supervisor):
    case = agreed()
    document = render_document(case, "agreement", mediator)
    payments.record_payment(case, mediator, paid_on="2026-11-02", amount="18600.00", method="transfer")
    case = walk(case, ("close", supervisor, {}), ("archive", supervisor, {}))
    path = storage.absolute(document.file_path)
    os.chmod(path, 0o644)
    with open(path, "ab") as handle:
        handle.write(b"% tampered\n")
    with pytest.raises(StoredDocumentDamaged):
        render_document(case, "case_file", supervisor)

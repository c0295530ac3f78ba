"""The case file (卷宗): cover and index, every stored document, the audit timeline, as one PDF.

The documents are merged from their stored files with pypdf, never re-rendered: the
archive holds the very bytes that were handed out (each is checked against its sha256
first). The cover, index and timeline are rendered like any other document; when they
are PDF/A-3b, the merged file keeps the cover's PDF/A metadata and output intent.
"""

import contextlib
import io

from django.utils import translation

from casedesk.cases import audit, labels

from . import pdf, storage
from .kinds import Kind
from .models import GeneratedDocument

FRONT_TEMPLATE = "documents/case_file.html"
TIMELINE_TEMPLATE = "documents/case_file_timeline.html"


class StoredDocumentDamaged(Exception):
    """A stored file no longer matches the sha256 recorded when it was issued."""


def kind_title(kind, case=None):
    """The title of a kind (or of the case file's "index" and "timeline"), in the documents' language;
    with its case, the court letter's name for that case's referral."""
    with translation.override(pdf.LANGUAGE):
        return str(labels.document_title(kind, case))


def _entries(documents, first_page):
    entries, page = [], first_page
    for index, document in enumerate(documents, start=1):
        entries.append({
            "index": index, "document": document, "title": kind_title(document.kind, document.case),
            "first_page": page, "last_page": page + document.pages - 1,
        })
        page += document.pages
    return entries, page


def _front(context, documents, timeline_pages):
    """Cover and index, rendered again if the index turns out longer than the page numbers it gives assume."""
    front_pages = 2
    for _attempt in range(3):
        entries, timeline_first = _entries(documents, front_pages + 1)
        rendered = pdf.render(FRONT_TEMPLATE, {
            **context, "entries": entries, "front_pages": front_pages,
            "timeline_first": timeline_first, "timeline_last": timeline_first + timeline_pages - 1,
            "total_pages": timeline_first + timeline_pages - 1,
        })
        if rendered.pages == front_pages:
            return rendered, entries
        front_pages = rendered.pages
    raise RuntimeError("the case file's index does not settle on a page count")


def _check_unchanged(document):
    if storage.sha256_of_file(document.file_path) != document.sha256:
        raise StoredDocumentDamaged(f"document {document.pk} ({document.number} v{document.version})")


def build(case, context):
    """The case file's bytes and page count: cover and index, the stored documents in order, the timeline."""
    from pypdf import PdfReader, PdfWriter  # imported here, like WeasyPrint: not at start-up

    documents = list(
        GeneratedDocument.objects.filter(case=case).exclude(kind=Kind.CASE_FILE).order_by("created_at", "id")
    )
    for document in documents:  # before any rendering: a damaged archive fails fast
        _check_unchanged(document)
    broken = audit.verify_case(case)
    timeline = pdf.render(TIMELINE_TEMPLATE, {**context, "chain_broken": broken})
    front, entries = _front({**context, "chain_broken": broken}, documents, timeline.pages)
    with contextlib.ExitStack() as stack:
        # Cloning the cover keeps its catalog: the XMP metadata (PDF/A id) and the output intent.
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(front.data)))
        writer.add_outline_item(title=kind_title(Kind.CASE_FILE), page_number=0)
        writer.add_outline_item(title=kind_title("index"), page_number=1)
        for entry in entries:
            stored = PdfReader(stack.enter_context(storage.open_stored(entry["document"].file_path)))
            writer.append(stored, outline_item=f"{entry['index']}. {entry['title']}")
        writer.append(PdfReader(io.BytesIO(timeline.data)), outline_item=kind_title("timeline"))
        out = io.BytesIO()
        writer.write(out)
    return pdf.Rendered(out.getvalue(), writer.get_num_pages())

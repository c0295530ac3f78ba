"""Render every kind of document for demo cases and keep page 1 of each as a PNG (docs/samples/).

The demo cases are fixtures/demo_documents.py's. Runs in a transaction that is rolled back: the
database is left as it was; the PDFs are written under a temporary MEDIA_ROOT.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from casedesk.demo.management.commands.load_demo import load_fixture
from casedesk.documents import storage


class Command(BaseCommand):
    help = "Render one sample of every document kind to PNG (first page) in OUTDIR."

    def add_arguments(self, parser):
        parser.add_argument("outdir", nargs="?", default="docs/samples")
        parser.add_argument("--resolution", type=int, default=60)
        parser.add_argument("--keep-pdf", action="store_true", help="also copy the PDFs to OUTDIR")
        parser.add_argument("--all-pages", action="store_true", help="one PNG per page, not only the first")

    def handle(self, *args, outdir, resolution, keep_pdf, all_pages, **options):
        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        demo = load_fixture("demo_documents")
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media), transaction.atomic():
            volunteer, mediator, supervisor = demo.demo_users()
            issued = {}
            issued.update(demo.settled_case(volunteer, mediator, supervisor)[1])
            issued.update(demo.rejected_case(volunteer, supervisor)[1])
            issued.update(demo.failed_court_case(volunteer, mediator, supervisor)[1])
            for kind, document in sorted(issued.items()):
                source = storage.absolute(document.file_path)
                if keep_pdf:
                    shutil.copyfile(source, out / f"{kind}.pdf")
                pages = [] if all_pages else ["-f", "1", "-l", "1", "-singlefile"]
                subprocess.run(["pdftoppm", "-r", str(resolution), "-png", *pages, str(source), str(out / kind)],
                               check=True)
                self.stdout.write(f"{kind}: {document.number} v{document.version}, {document.pages} pages")
            transaction.set_rollback(True)

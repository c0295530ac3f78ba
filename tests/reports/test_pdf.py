"""The PDF exports, through the documents module's renderer (WeasyPrint)."""

import subprocess

import pytest

from casedesk.reports.models import ReportJob

pytestmark = pytest.mark.django_db


def test_the_annual_pdf_has_the_figures_and_charts(client, supervisor, year_2025, tmp_path):
    client.force_login(supervisor)
    client.post("/reports/annual/export/", {"year": "2025", "format": "pdf"})
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.DONE, job.error
    content = b"".join(client.get(f"/reports/jobs/{job.pk}/download/").streaming_content)
    assert content.startswith(b"%PDF")
    path = tmp_path / "annual.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "2025" in text and "23,600.10" in text  # amounts as the page writes them
    assert "23600.10" not in text
    assert "2026-11-02 10:00" in text  # generated on the desk's clock (the suite's day), in Shanghai time


def test_the_timeline_pdf_is_a_pdf(client, supervisor, story):
    from .conftest import shanghai

    case = story.register(shanghai(2025, 3, 10))
    client.force_login(supervisor)
    response = client.get(f"/reports/cases/{case.pk}/timeline.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    assert "2026-11-02 10:00" in text.decode()  # generated on the desk's clock


def test_the_timeline_pdfs_assessment_column_is_wide_enough_to_read(client, supervisor, story, tmp_path, settings):
    """A late step's assessment ("逾期2个工作日") on one line, not one character a line; the header
    counts the late deadlines as the page does."""
    from .conftest import shanghai

    case = story.mediate(story.register(shanghai(2025, 3, 10)), shanghai(2025, 3, 17))
    client.force_login(supervisor)
    content = client.get(f"/reports/cases/{case.pk}/timeline.pdf").content
    (settings.MEDIA_ROOT / "timeline.pdf").parent.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "timeline.pdf").write_bytes(content)  # to look at: pdftoppm -png -r 60
    lines = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True,
                           check=True).stdout.decode().splitlines()
    assert any("逾期2个工作日" in line.replace(" ", "") for line in lines)
    assert any("评价" in line for line in lines)
    assert "2个期限逾期" in "".join(lines).replace(" ", "")

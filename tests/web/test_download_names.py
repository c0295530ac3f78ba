"""Downloads are saved under the names users read: the document's title, number and version, the
case's number, the unit's name, the day an export was made. They were ASCII codes
(agreement-2026-0001-v1.pdf, casedesk-cases.xlsx) that a mediator had to rename by hand."""

from urllib.parse import unquote

import pytest

from casedesk.reports.models import ReportJob
from casedesk.units import tree
from casedesk.web.formatting import file_name

pytestmark = pytest.mark.django_db


def saved_as(response):
    """The name a browser saves the response under (RFC 6266: filename* wins over filename)."""
    header = response["Content-Disposition"]
    assert "filename*=utf-8''" in header, header
    return unquote(header.split("filename*=utf-8''", 1)[1])


def test_a_name_loses_only_what_a_file_system_refuses():
    assert file_name("〔2026〕某工调字第0001号", ".pdf") == "〔2026〕某工调字第0001号.pdf"
    assert file_name('a/b\\c:d*e?f"g<h>i|j\x00k', ".csv") == "a_b_c_d_e_f_g_h_i_j_k.csv"
    assert file_name(" ..", ".pdf") == "casedesk.pdf"
    assert len(file_name("长" * 500, ".pdf")) == 124


def test_a_document_downloads_under_its_title_number_and_version(api, agreed, mediator):
    case = agreed()
    client = api(mediator)
    for _version in (1, 2):
        body = client.post(f"/api/cases/{case.pk}/documents/", {"kind": "agreement"}, format="json").json()
    response = client.get(body["pdf_url"])
    assert response["Content-Disposition"].startswith("attachment;")
    assert saved_as(response) == f"调解协议书{body['number']}（第2版）.pdf"


def test_a_timeline_downloads_under_its_case_number(client, supervisor, register):
    case = register()
    client.force_login(supervisor)
    for suffix in ("csv", "pdf"):
        response = client.get(f"/reports/cases/{case.pk}/timeline.{suffix}")
        assert saved_as(response) == f"案件时间线{case.number}.{suffix}"


def test_the_roster_opens_under_its_units_name(client, supervisor):
    client.force_login(supervisor)
    unit = tree.unit_of(supervisor)
    response = client.get(f"/roster/{unit.pk}/print/")
    assert response["Content-Disposition"].startswith("inline;")
    assert saved_as(response) == f"{unit.name}调解员名册.pdf"


def test_exports_download_under_what_they_hold_and_their_day(client, supervisor):
    client.force_login(supervisor)
    client.post("/reports/cases/export/", {"format": "csv"})
    client.post("/reports/annual/export/", {"year": "2025", "format": "xlsx"})
    names = []
    for job in ReportJob.objects.order_by("pk"):
        assert job.result.name.isascii()  # stored under a plain name
        names.append(saved_as(client.get(f"/reports/jobs/{job.pk}/download/")))
    assert names == ["案件清单（2026年11月2日导出）.csv", f"{tree.unit_of(supervisor).name}2025年度统计.xlsx"]

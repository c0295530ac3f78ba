"""Workbooks read back with openpyxl, exports logged as personal-data access, the report pages."""

import io

import pytest
from openpyxl import load_workbook

from casedesk.cases.models import PersonalDataAccess
from casedesk.reports import jobs
from casedesk.reports.models import ReportJob
from casedesk.units import tree

pytestmark = pytest.mark.django_db

IN_2025 = {"submitted_from": "2025-01-01", "submitted_to": "2025-12-31"}


def download(client, job):
    response = client.get(f"/reports/jobs/{job.pk}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_annual_workbook_has_a_sheet_per_table_and_the_case_list(client, supervisor, year_2025):
    client.force_login(supervisor)
    response = client.post("/reports/annual/export/", {"year": "2025", "format": "xlsx"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.state == ReportJob.State.DONE and job.done == job.total == 7  # no broker: done in the request
    book = load_workbook(io.BytesIO(download(client, job)))
    assert len(book.sheetnames) == 16  # about, 13 tables, last year beside this year, the case list
    headline = {row[0]: row[1] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert 7 in headline.values() and 19 in headline.values()
    listed = list(book.worksheets[-1].iter_rows(min_row=2, values_only=True))
    assert len(listed) == 7
    assert sum(row[13] or 0 for row in listed) == pytest.approx(23600.10)
    monthly = list(book.worksheets[8].iter_rows(min_row=2, values_only=True))
    assert len(monthly) == 12 and sum(row[-1] for row in monthly) == 7


def test_the_annual_workbook_export_is_logged_with_its_cases(client, supervisor, year_2025):
    client.force_login(supervisor)
    client.post("/reports/annual/export/", {"year": "2025", "format": "xlsx"})
    logged = PersonalDataAccess.objects.get(action="export_annual_workbook")
    expected = sorted(v for k, v in year_2025.items() if k not in ("H", "I"))
    assert logged.user == supervisor and sorted(logged.detail["case_ids"]) == expected
    assert logged.detail["count"] == 7 and logged.at is not None


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_case_list_export_has_the_filtered_cases_and_is_logged(client, supervisor, year_2025, file_format):
    client.force_login(supervisor)
    client.post("/reports/cases/export/", {"format": file_format, **IN_2025, "collective": "true"})
    job = ReportJob.objects.get()
    content = download(client, job)
    if file_format == "xlsx":
        rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    else:
        rows = [line.split(",") for line in content.decode("utf-8-sig").splitlines()]
    assert len(rows) == 2 and rows[1][7] in (12, "12")
    logged = PersonalDataAccess.objects.get(action="export_cases")
    assert logged.detail["case_ids"] == [year_2025["D"]] and logged.detail["format"] == file_format
    assert logged.detail["filters"]["collective"] == "true"


def test_only_supervisors_export(client, mediator, year_2025):
    client.force_login(mediator)
    assert client.post("/reports/cases/export/", {"format": "csv", **IN_2025}).status_code == 403
    assert client.post("/reports/annual/export/", {"year": "2025", "format": "xlsx"}).status_code == 403
    assert not ReportJob.objects.exists() and not PersonalDataAccess.objects.exclude(action="identity_lookup").exists()


def test_a_job_reports_its_progress(client, supervisor, year_2025):
    job = jobs.start(kind=jobs.CASES_CSV, params={"filters": IN_2025}, user=supervisor)
    client.force_login(supervisor)
    body = client.get(f"/reports/jobs/{job.pk}/progress/").json()
    assert body == {"state": "done", "done": 7, "total": 7, "percent": 100, "error": "",
                    "download": f"/reports/jobs/{job.pk}/download/"}


def test_the_statistics_page_links_every_number_to_its_cases(client, supervisor, year_2025):
    client.force_login(supervisor)
    response = client.get("/reports/stats/", {"from": "2025-01-01", "to": "2025-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "reports/chartjs/chart.umd.js" in html and 'id="chart-data"' in html
    root = tree.root().pk  # the supervisor's unit: the figures count it and every unit below it
    link = f"/reports/cases/?submitted_from=2025-01-01&amp;submitted_to=2025-12-31&amp;unit={root}&amp;court_outcome=agreed"
    assert link in html
    listed = client.get(link.replace("&amp;", "&"))
    assert listed.context["page"].paginator.count == 1


def test_the_statistics_page_explains_bad_dates(client, supervisor):
    client.force_login(supervisor)
    response = client.get("/reports/stats/", {"from": "2025-12-31", "to": "2025-01-01"})
    assert response.status_code == 200 and "figures" not in response.context
    assert response.context["errors"]["to"]


def test_the_pages_are_for_supervisors(client, mediator):
    client.force_login(mediator)
    for url in ("/reports/stats/", "/reports/annual/", "/reports/cases/"):
        assert client.get(url).status_code == 403


def test_a_refused_page_is_the_desks_own_403_page_in_chinese(client, mediator):
    """supervisor_required (casedesk.web.permissions) refuses every page the same way as the assignment board."""
    client.force_login(mediator)
    for url in ("/reports/stats/", "/reports/access-log/", "/supervisor/board/"):
        response = client.get(url)
        assert response.status_code == 403 and "desk/403.html" in [t.name for t in response.templates], url
        assert "无权访问" in response.content.decode(), url


def test_the_annual_page_shows_the_year(client, supervisor, year_2025):
    client.force_login(supervisor)
    response = client.get("/reports/annual/", {"year": "2025"})
    assert response.status_code == 200
    assert response.context["figures"].cases == 7
    assert "2025年度报告</h1>" in response.content.decode()


def test_a_year_that_does_not_read_is_not_put_in_the_heading(client, supervisor):
    client.force_login(supervisor)
    page = client.get("/reports/annual/", {"year": "abc"}).content.decode()
    assert "abc年度报告" not in page and "年度报告</h1>" in page and "年份" in page


@pytest.mark.parametrize("year", ["2099", "2027", "1900"])
def test_a_year_with_no_report_is_refused_with_the_years_that_have_one(client, supervisor, year):
    """A year to come has no figures (a report of noughts is not a report) and a year before 1950 none either."""
    client.force_login(supervisor)
    response = client.get("/reports/annual/", {"year": year})
    assert response.status_code == 200 and "figures" not in response.context
    assert response.context["errors"] == {"year": ["年份应在1950年至2026年之间。"]}
    assert client.post("/reports/annual/export/", {"year": year, "format": "xlsx"}).status_code == 400


def test_the_year_box_goes_up_to_this_year(client, supervisor):
    client.force_login(supervisor)
    assert 'min="1950" max="2026"' in client.get("/reports/annual/").content.decode()


@pytest.mark.parametrize(("first", "last", "year"), [
    ("2025-01-01", "2025-12-31", "2025"),
    ("2025-03-01", "2025-06-30", "2025"),
    ("2025-06-01", "2026-01-01", None),  # two years: which one's workbook is not for the page to guess
])
def test_the_statistics_offer_the_workbook_of_the_one_year_their_period_lies_in(client, supervisor, first, last,
                                                                                year):
    client.force_login(supervisor)
    page = client.get("/reports/stats/", {"from": first, "to": last}).content.decode()
    if year is None:
        assert 'id="annual-workbook"' not in page
    else:
        assert f'<input type="hidden" name="year" value="{year}">' in page
        assert f"{year}年度工作簿（Excel）" in page


def test_the_cases_behind_a_figure_keep_their_filters_on_every_page_in_the_export_and_the_json(client, supervisor):
    """A figure of 52 cases lists 50 a page: page 2, the export and the JSON link select the same cases.
    "accepted" (其中已受理) was not among the list's filters: the page read it, but page 2, the export and
    the JSON link dropped it and gave every case of the period."""
    from ..factories import CaseFactory

    accepted = [CaseFactory(category="wage_arrears", status="mediating", accepted_on="2026-11-02") for _ in range(52)]
    CaseFactory(category="wage_arrears")  # registered, not accepted
    CaseFactory(category="work_injury", status="mediating", accepted_on="2026-11-02")
    client.force_login(supervisor)

    first = client.get("/reports/cases/", {"category": "wage_arrears", "accepted": "true"})
    assert first.context["page"].paginator.count == 52
    html = first.content.decode()
    assert 'href="?category=wage_arrears&amp;accepted=true&amp;page=2"' in html
    assert '<input type="hidden" name="accepted" value="true">' in html
    assert "/api/cases/?category=wage_arrears&amp;accepted=true" in html
    second = client.get("/reports/cases/", {"category": "wage_arrears", "accepted": "true", "page": "2"})
    assert [case.pk for case in second.context["page"]] == [case.pk for case in accepted[50:]]


def test_the_cases_behind_a_figure_say_which_cases_they_are_and_add_up_to_the_figure(client, supervisor, year_2025):
    """The list opened from a figure said only "数字背后的案件": not which figure, and 服务职工 (now 案件当事职工) listed the
    same cases as 登记案件 without a number to check it against. It now says its filters in words and
    counts what the figures count: cases, worker-times and the amount recovered."""
    client.force_login(supervisor)
    figures = client.get("/reports/stats/", {"from": "2025-01-01", "to": "2025-12-31"}).context["figures"]
    root = tree.root()
    in_2025 = {**IN_2025, "unit": root.pk}

    workers = client.get("/reports/cases/", in_2025).content.decode()
    assert f'共 <span id="case-count">{figures.cases}</span> 件' in workers
    assert f'涉及职工 <span id="case-workers">{figures.workers_served}</span> 人次' in workers
    assert "<dt>登记日期</dt><dd>2025年1月1日至2025年12月31日</dd>" in workers
    assert f"<dt>单位</dt><dd>{root.name}（含下级单位）</dd>" in workers

    recovered = client.get("/reports/cases/", {**in_2025, "recovered": "true"}).content.decode()
    assert f'为职工追回 <span id="case-recovered">¥{figures.recovered_amount:,.2f}</span>' in recovered
    assert "<dt>有追回金额</dt><dd>是</dd>" in recovered

    court = client.get("/reports/cases/", {**in_2025, "court_outcome": "agreed", "subunits": "false",
                                           "channel": "court_delegated,court_commissioned"}).content.decode()
    assert f"<dt>单位</dt><dd>{root.name}（本级）</dd>" in court
    assert "<dt>法院委派/委托</dt><dd>达成调解协议</dd>" in court
    assert "<dt>来源渠道</dt><dd>法院委派、法院委托</dd>" in court

    refused = client.get("/reports/cases/", {"submitted_from": "2025-13-01", "recovered": "true"})
    assert refused.context["described"] == [] and 'class="described"' not in refused.content.decode()

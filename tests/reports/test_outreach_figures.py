"""The figures of consultations, outreach events and people served (GET /api/stats/, the statistics
page), each checked against the records and drilled down to exactly them; the annual report's
paragraph written from the data (page and PDF), and this year beside last year.

Recorded for the tests (Asia/Shanghai):
  2026: cases: wage arrears with 1 worker, contract termination with 2. Consultations: hotline 1
  person and hotline 3 people (wage arrears), walk-in 2 people (social insurance), at the event of
  10-28 1 person (labour contract). Events: 普法宣讲 on 03-10 (180 people, 600 leaflets), 健康义诊
  on 06-05 (320 people, 1250 leaflets), 普法宣讲 on 10-28 (45 people, no leaflets).
  2025: one case (1 worker); one consultation of 2 people (12-31 23:30); one 知识讲座 (60 people,
  150 leaflets).
"""

import re
from html.parser import HTMLParser

import pytest

from casedesk.consultations import services as consultations
from casedesk.outreach import services as outreach
from casedesk.reports import annual
from casedesk.reports.models import ReportJob

from ..consultations.conftest import consultation_body
from ..documents.conftest import pdf_text
from ..outreach.conftest import event_body, seeded_kind
from .conftest import shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2026(story, volunteer, supervisor):
    story.register(shanghai(2026, 2, 3), forms=("contract",))
    story.register(shanghai(2026, 5, 6), forms=("platform", "platform"), category="contract_termination")
    story.register(shanghai(2025, 7, 1), forms=("contract",))
    talk, clinic, lecture = seeded_kind(4).pk, seeded_kind(5).pk, seeded_kind(3).pk
    events = [
        outreach.record_event(actor=volunteer, data=event_body(kind=talk, held_on="2026-03-10")),
        outreach.record_event(actor=supervisor, data=event_body(kind=clinic, held_on="2026-06-05", people_served=320,
                                                                leaflets=1250, staff=[])),
        outreach.record_event(actor=volunteer, data=event_body(kind=talk, held_on="2026-10-28", people_served=45,
                                                               leaflets=0)),
        outreach.record_event(actor=volunteer, data=event_body(kind=lecture, held_on="2025-11-20", people_served=60,
                                                               leaflets=150)),
    ]
    for body in (
        consultation_body(asked_at="2026-01-05 09:00"),
        consultation_body(asked_at="2026-04-01 15:00", people=3),
        consultation_body(asked_at="2026-08-08 10:00", channel="walk_in", topic="social_insurance", people=2),
        consultation_body(asked_at="2026-10-28 10:00", channel="at_event", topic="labour_contract",
                          event=events[2].pk),
        consultation_body(asked_at="2025-12-31 23:30", people=2),
    ):
        consultations.record_consultation(actor=volunteer, data=body)
    return events


def stats(client, first="2026-01-01", last="2026-12-31"):
    response = client.get("/api/stats/", {"from": first, "to": last})
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_new_figures_match_the_records(api, supervisor, year_2026):
    body = stats(api(supervisor))
    consulted = body["consultations"]
    assert (consulted["records"], consulted["people"], consulted["converted"]) == (4, 7, 0)
    assert consulted["by_channel"] == {"walk_in": {"records": 1, "people": 2}, "hotline_12351": {"records": 2,
                                       "people": 4}, "online": {"records": 0, "people": 0},
                                       "at_event": {"records": 1, "people": 1}}
    assert consulted["by_topic"]["wage_arrears"] == {"records": 2, "people": 4}
    assert consulted["by_topic"]["labour_contract"] == {"records": 1, "people": 1}
    held = body["outreach"]
    assert (held["events"], held["people_served"], held["leaflets"]) == (3, 545, 1850)
    by_kind = {k["name"]: (k["events"], k["people_served"], k["leaflets"]) for k in held["by_kind"].values()}
    assert by_kind["普法宣讲"] == (2, 225, 600) and by_kind["健康义诊"] == (1, 320, 1250)
    assert by_kind["知识讲座"] == (0, 0, 0)
    assert body["people_served"] == {"total": 3 + 7 + 545, "workers_on_cases": 3, "people_in_consultations": 7,
                                     "people_at_events": 545}


def test_each_new_figure_drills_down_to_exactly_its_records(api, supervisor, year_2026):
    client = api(supervisor)
    body = stats(client)
    checked = 0
    for part in ("consultations", "outreach", "people_served"):
        for path, value, url in leaves(body[part], body["drilldown"][part], (part,)):
            listed = client.get(f"{url}&page_size=100").json()
            summed = {"people": "people", "people_in_consultations": "people", "people_served": "people_served",
                      "people_at_events": "people_served", "leaflets": "leaflets",
                      "workers_on_cases": "applicant_count"}.get(path[-1])
            found = sum(r[summed] for r in listed["results"]) if summed else listed["count"]
            assert found == value, (path, url)
            checked += 1
    assert checked > 40


def leaves(figures, links, path):
    for key, value in links.items():
        if isinstance(value, dict):
            yield from leaves(figures[key], value, path + (key,))
        else:
            yield path + (key,), figures[key], value


class Links(HTMLParser):
    """Every link of the page with its text: {data-key: (href, text)}."""

    def __init__(self, attribute):
        super().__init__()
        self.attribute, self.links, self.current = attribute, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and self.attribute in attrs:
            self.current = [attrs[self.attribute], attrs["href"], ""]

    def handle_data(self, data):
        if self.current:
            self.current[2] += data

    def handle_endtag(self, tag):
        if tag == "a" and self.current:
            self.links.append(tuple(self.current))
            self.current = None


def links_of(html, attribute):
    parser = Links(attribute)
    parser.feed(html)
    return parser.links


def test_the_statistics_page_links_each_new_figure_to_its_records(client, supervisor, year_2026):
    client.force_login(supervisor)
    page = client.get("/reports/stats/", {"from": "2026-01-01", "to": "2026-12-31"}).content.decode()
    figures = [link for link in links_of(page, "data-figure")
               if link[0] in ("people_served", "consultations_by_channel", "consultations_by_topic",
                              "outreach_by_kind")]
    assert len(figures) >= 2 * 4 + 2 * 9 + 3 * 8 + 3
    for _table, href, text in figures:
        listed = client.get(href).content.decode()
        if href.startswith("/consultations/"):
            people = int(re.search(r"共(\d+)条咨询，(\d+)人次", listed).group(2))
            records = int(re.search(r"共(\d+)条咨询", listed).group(1))
            assert int(text) in (records, people), href
        elif href.startswith("/outreach/"):
            totals = re.search(r"共(\d+)场活动，服务(\d+)人次，发放宣传单(\d+)份", listed).groups()
            assert text in totals, href
        else:
            assert href.startswith("/reports/cases/")


def test_the_annual_page_opens_with_the_paragraph_written_from_the_data(client, supervisor, year_2026):
    client.force_login(supervisor)
    page = client.get("/reports/annual/", {"year": "2026"}).content.decode()
    paragraph = page.split('id="annual-paragraph">', 1)[1].split("</p>", 1)[0]
    text = re.sub(r"<[^>]+>", "", paragraph)
    assert text == ("组织开展普法宣讲、健康义诊等活动3场次，服务职工555人次，发放宣传单1850份，"
                    "协调处理企业职工因拖欠工资和解除/终止劳动合同等纠纷2起。")
    links = {key: (href, value) for key, href, value in links_of(paragraph, "data-paragraph")}
    assert {key: value for key, (_href, value) in links.items()} == {
        "events": "3", "people": "555", "leaflets": "1850", "cases": "2"}
    assert links["people"][0] == "#table-people_served"
    events = client.get(links["events"][0].replace("&amp;", "&")).content.decode()
    assert "共3场活动，服务545人次，发放宣传单1850份。" in events
    cases = client.get(links["cases"][0].replace("&amp;", "&")).content.decode()
    assert '<span id="case-count">2</span>' in cases
    rounded = page.split('id="paragraph-text"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    assert "服务职工550多人次，发放宣传单1800余份" in rounded and "活动3场次" in rounded


def test_the_annual_page_puts_last_year_beside_this_year(client, supervisor, year_2026):
    client.force_login(supervisor)
    page = client.get("/reports/annual/", {"year": "2026"}).content.decode()
    table = page.split('data-table="comparison"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells:
            rows[cells[0]] = cells[1:]
    assert rows["登记案件数"] == ["1", "2", "+1", "+100.0%"]
    assert rows["法律咨询和法律援助服务"] == ["1", "4", "+3", "+300.0%"]
    assert rows["开展宣传服务活动（场次）"] == ["1", "3", "+2", "+200.0%"]
    assert rows["发放宣传单（份）"] == ["150", "1850", "+1700", "+1133.3%"]
    assert rows["服务职工合计（人次）"] == [str(1 + 2 + 60), "555", "+492", "+781.0%"]
    assert rows["已办结委派案件调解成功率（%）"] == ["–", "–", "–", "–"]


def test_the_annual_pdf_carries_the_paragraph_with_the_right_numbers(client, supervisor, year_2026):
    client.force_login(supervisor)
    client.post("/reports/annual/export/", {"year": "2026", "format": "pdf"})
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.DONE, job.error
    text = pdf_text(b"".join(client.get(f"/reports/jobs/{job.pk}/download/").streaming_content))
    assert ("组织开展普法宣讲、健康义诊等活动3场次，服务职工555人次，发放宣传单1850份，"
            "协调处理企业职工因拖欠工资和解除/终止劳动合同等纠纷2起。") in text
    assert "服务职工550多人次，发放宣传单1800余份" in text
    assert "与上年对比" in text


def test_a_year_without_events_names_the_kinds_on_offer_and_says_zero(client, supervisor):
    client.force_login(supervisor)
    page = client.get("/reports/annual/", {"year": "2024"}).content.decode()
    paragraph = re.sub(r"<[^>]+>", "", page.split('id="annual-paragraph">', 1)[1].split("</p>", 1)[0])
    assert paragraph.startswith("组织开展法律服务进园区、法律服务进企业、") and "活动0场次" in paragraph
    assert "因劳动争议等纠纷0起" in paragraph


@pytest.mark.parametrize(("number", "people", "copies"), [
    (0, "0", "0"), (7, "7", "7"), (10, "10", "10"), (56, "56", "56"), (100, "100", "100"),
    (151, "150多", "150余"), (3456, "3400多", "3400余"), (5000, "5000", "5000"),
    (12_345, "1.2万多", "1.2万余"), (20_000, "2万", "2万"), (123_456, "12万多", "12万余"),
])
def test_numbers_are_rounded_the_way_the_summary_writes_them(number, people, copies):
    assert annual.rounded(number) == people
    assert annual.rounded(number, copies=True) == copies

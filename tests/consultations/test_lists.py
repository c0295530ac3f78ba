"""The consultation lists (desk and API): filters, search, and the Excel export with its log entry."""

import io

import pytest
from openpyxl import load_workbook

from casedesk.cases.models import PersonalDataAccess
from casedesk.reports.models import ReportJob

from ..conftest import client_for
from .conftest import WITH_CONTACT

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(consult):
    return {
        "hotline": consult(**WITH_CONTACT),
        "walk_in": consult(channel="walk_in", topic="social_insurance", people=4, asked_at="2026-10-15 10:00",
                           question="公司不给交社保，让签自愿放弃声明。"),
        "online": consult(channel="online", topic="labour_contract", asked_at="2026-09-30 16:00",
                          question="入职三个月还没签劳动合同。"),
    }


@pytest.mark.parametrize(("params", "expected"), [
    ({}, {"hotline", "walk_in", "online"}),
    ({"channel": "walk_in,online"}, {"walk_in", "online"}),
    ({"topic": "social_insurance"}, {"walk_in"}),
    ({"asked_from": "2026-10-01", "asked_to": "2026-10-31"}, {"walk_in"}),
    ({"asked_to": "2026-09-30"}, {"online"}),
    ({"q": "社保"}, {"walk_in"}),
    ({"q": "13907975120"}, {"hotline"}),  # the phone, found through its keyed hash
    ({"q": "139 0797 5120"}, {"hotline"}),
    ({"q": "蓝秀梅"}, {"hotline"}),  # the exact name
    ({"q": "蓝秀"}, set()),  # names are encrypted: no partial match
    ({"converted": "false"}, {"hotline", "walk_in", "online"}),
    ({"converted": "true"}, set()),
])
def test_the_filters_select_the_same_records_on_the_api_and_the_desk(client, three, volunteer, params, expected):
    ids = {three[name].pk for name in expected}
    listed = client_for(volunteer).get("/api/consultations/", params).json()
    assert {c["id"] for c in listed["results"]} == ids
    client.force_login(volunteer)
    page = client.get("/consultations/", params).content.decode()
    assert {pk for pk in (c.pk for c in three.values()) if f'data-consultation="{pk}"' in page} == ids


@pytest.mark.parametrize("params", [
    {"channel": "fax"}, {"asked_from": "2026-13-01"}, {"asked_from": "2026-10-02", "asked_to": "2026-10-01"},
    {"event": "abc"}, {"converted": "maybe"}, {"q": "x" * 101}, {"q": "a\x00b"},
])
def test_a_bad_filter_is_a_clear_400_not_a_crash(client, volunteer, params):
    response = client_for(volunteer).get("/api/consultations/", params)
    assert response.status_code == 400 and response.json()["error"] == "invalid"
    client.force_login(volunteer)
    page = client.get("/consultations/", params)
    assert page.status_code == 200 and 'class="alert error"' in page.content.decode()


def test_the_desk_list_totals_records_and_people(client, three, volunteer):
    client.force_login(volunteer)
    page = client.get("/consultations/").content.decode()
    assert "共3条咨询，6人次" in page


def test_the_export_has_the_filtered_consultations_no_contact_and_is_logged(client, three, volunteer):
    client.force_login(volunteer)
    response = client.post("/reports/consultations/export/", {"channel": "hotline_12351,walk_in", "q": ""})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.state == ReportJob.State.DONE, job.error
    content = b"".join(client.get(f"/reports/jobs/{job.pk}/download/").streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "来源渠道", "咨询事项") and len(rows) == 3
    assert [row[2] for row in rows[1:]] == ["社会保险", "拖欠工资"]  # in time order
    assert rows[2][8] == "是" and rows[1][8] == "否"
    text = repr(rows)
    assert "13907975120" not in text and "蓝秀梅" not in text
    logged = PersonalDataAccess.objects.get(action="export_consultations")
    assert logged.user == volunteer and logged.case is None
    assert sorted(logged.detail["consultation_ids"]) == sorted([three["hotline"].pk, three["walk_in"].pk])
    assert logged.detail["records"] == 2 and logged.detail["filters"]["channel"] == "hotline_12351,walk_in"


def test_a_phone_searched_for_is_kept_sealed_in_the_job_and_masked_in_the_log(client, three, supervisor):
    client.force_login(supervisor)
    client.post("/reports/consultations/export/", {"q": "13907975120"})
    job = ReportJob.objects.get()
    assert "13907975120" not in repr(job.params)
    logged = PersonalDataAccess.objects.get(action="export_consultations")
    assert logged.detail["records"] == 1 and logged.detail["filters"]["q"] == "*******5120"


def test_a_bad_export_filter_is_refused(client, volunteer):
    client.force_login(volunteer)
    assert client.post("/reports/consultations/export/", {"channel": "fax"}).status_code == 400
    assert ReportJob.objects.count() == 0

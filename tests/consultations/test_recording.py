"""Recording a consultation: the service, the API and the desk's quick form; what is refused."""

import datetime
import re

import pytest

from casedesk.cases import clock, crypto
from casedesk.cases.errors import InvalidData, NotPermitted
from casedesk.consultations import services
from casedesk.consultations.models import Consultation
from casedesk.outreach import services as outreach_services

from ..conftest import client_for
from ..outreach.conftest import event_body
from .conftest import WITH_CONTACT, consultation_body, snapshot

pytestmark = pytest.mark.django_db


def test_a_consultation_is_recorded_with_what_was_asked_and_answered(consult, volunteer):
    recorded = consult(people=3, **WITH_CONTACT)
    recorded.refresh_from_db()
    assert (recorded.channel, recorded.topic, recorded.people, recorded.recorded_by) == (
        "hotline_12351", "wage_arrears", 3, volunteer)
    assert recorded.asked_at == datetime.datetime(2026, 11, 2, 1, 30, tzinfo=datetime.timezone.utc)
    assert (recorded.name, recorded.phone) == ("蓝秀梅", "13907975120")
    assert recorded.phone_digest == crypto.digest("13907975120", "phone")


def test_time_defaults_to_now_and_people_to_one(volunteer):
    data = {"channel": "walk_in", "topic": "other", "question": "想了解会员服务卡怎么办理。"}
    recorded = services.record_consultation(actor=volunteer, data=data)
    assert recorded.asked_at == clock.now() and recorded.people == 1 and recorded.employment_form == ""


def test_name_and_phone_are_not_kept_without_consent(volunteer):
    before = snapshot()
    with pytest.raises(InvalidData) as refused:
        services.record_consultation(actor=volunteer, data=consultation_body(name="蓝秀梅", phone="13907975120"))
    assert list(refused.value.fields) == ["contact_consent"]
    assert refused.value.fields["contact_consent"] == ["只有在当事人同意后才能记录姓名和电话。"]
    assert snapshot() == before


@pytest.mark.parametrize("blank", [{}, {"name": "", "phone": ""}, {"name": "   "}])
def test_consent_ticked_with_neither_name_nor_phone_is_refused(volunteer, blank):
    """A ticked consent with nothing to keep is most likely a phone not typed: the volunteer is asked,
    rather than a record saying the person agreed to leave a contact that is not there."""
    before = snapshot()
    with pytest.raises(InvalidData) as refused:
        services.record_consultation(actor=volunteer, data=consultation_body(contact_consent=True, **blank))
    assert refused.value.fields == {"contact_consent": ["已勾选同意留下联系方式，但姓名和电话都未填写：请填写，或取消勾选。"]}
    assert snapshot() == before


def test_consent_with_a_phone_alone_keeps_the_phone(consult):
    recorded = consult(contact_consent=True, phone="13907975120")
    assert (recorded.name, recorded.phone, recorded.contact_consent) == ("", "13907975120", True)


@pytest.mark.parametrize(("field", "value"), [
    ("people", 0),
    ("people", -2),
    ("people", 1001),
    ("people", "3.5"),
    ("asked_at", "2026-11-02 10:05"),  # five minutes after the desk's now
    ("asked_at", "2026-12-01 09:00"),
    ("asked_at", "1949-10-01 09:00"),
    ("asked_at", "昨天"),
    ("channel", "court_delegated"),
    ("topic", "everything"),
    ("topic", None),
    ("question", ""),
    ("question", "问" * 1001),
    ("question", "问题\x00"),
    ("employment_form", "slave"),
    ("phone", "12345"),
    ("name", "蓝秀梅😀"),
    ("contact_consent", "maybe"),
    ("event", 987654),
])
def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(volunteer, field, value):
    body = consultation_body(**{**WITH_CONTACT, field: value}) if field in ("phone", "name") else \
        consultation_body(**{field: value})
    before = snapshot()
    response = client_for(volunteer).post("/api/consultations/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["error"] == "invalid" and field in response.json()["fields"], response.json()
    assert snapshot() == before


def test_a_future_time_is_refused_in_chinese(volunteer):
    response = client_for(volunteer).post("/api/consultations/", consultation_body(asked_at="2026-11-03 09:00"),
                                          format="json")
    assert response.json()["fields"]["asked_at"] == ["咨询应在发生后记录，咨询时间不能晚于现在。"]


@pytest.mark.parametrize("asked_at", ["1999-06-01 09:00", "2024-12-31 23:59"])
def test_a_time_before_last_year_is_refused_as_a_likely_typing_mistake(volunteer, asked_at):
    """1999 was taken without a word, and counted in 1999's figures, a report long sent."""
    before = snapshot()
    response = client_for(volunteer).post("/api/consultations/", consultation_body(asked_at=asked_at), format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["asked_at"] == [
        "咨询时间早于去年1月1日：更早年份的记录已计入报出的往年报表，请核对日期。"]
    assert snapshot() == before


def test_a_time_in_last_year_is_taken_for_a_record_entered_late(volunteer):
    response = client_for(volunteer).post("/api/consultations/", consultation_body(asked_at="2025-01-01 00:00"),
                                          format="json")
    assert response.status_code == 201, response.content


def test_a_consultation_at_an_event_links_to_an_event_the_recorder_worked_at(volunteer, other_mediator, supervisor):
    own = outreach_services.record_event(actor=volunteer, data=event_body())
    hidden = outreach_services.record_event(actor=other_mediator, data=event_body())
    recorded = services.record_consultation(actor=volunteer, data=consultation_body(channel="at_event", event=own.pk))
    assert recorded.event == own
    before = snapshot()
    for data, field in ((consultation_body(channel="at_event", event=hidden.pk), "event"),
                        (consultation_body(channel="walk_in", event=own.pk), "event")):
        with pytest.raises(InvalidData) as refused:
            services.record_consultation(actor=volunteer, data=data)
        assert field in refused.value.fields
    assert snapshot() == before
    assert services.record_consultation(actor=supervisor, data=consultation_body(channel="at_event",
                                                                                 event=hidden.pk)).event == hidden


def test_a_user_without_a_desk_role_records_nothing(outsider):
    before = snapshot()
    with pytest.raises(NotPermitted):
        services.record_consultation(actor=outsider, data=consultation_body())
    assert client_for(outsider).post("/api/consultations/", consultation_body(), format="json").status_code == 403
    assert snapshot() == before


def test_the_api_records_a_consultation_and_answers_with_it(volunteer):
    response = client_for(volunteer).post("/api/consultations/", consultation_body(**WITH_CONTACT), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] == Consultation.objects.get().pk
    assert (body["topic"], body["people"], body["name"], body["phone"]) == (
        "wage_arrears", 1, "蓝秀梅", "13907975120")  # the one who took it down reads it back
    assert body["converted"] is False and body["case"] is None and body["recorded_by"]["id"] == volunteer.pk


# ---- the quick form ------------------------------------------------------------------------

def quick_post(**overrides):
    post = consultation_body(**overrides)
    post["asked_at"] = post["asked_at"].replace(" ", "T")  # as the browser's datetime-local sends it
    return {k: v for k, v in post.items() if v is not None}


def test_the_quick_form_starts_at_now_with_the_channel_used_last(client, volunteer, consult):
    client.force_login(volunteer)
    first = client.get("/consultations/new/").content.decode()
    assert 'value="2026-11-02T10:00"' in first
    assert checked_channels(first) == ["walk_in"]
    consult(channel="online")
    page = client.get("/consultations/new/").content.decode()
    assert checked_channels(page) == ["online"]
    assert 'autofocus' in page.split('name="question"', 1)[1].split(">", 1)[0]


def checked_channels(page):
    return re.findall(r'name="channel" value="(\w+)"[^>]* checked', page)


def test_the_quick_form_saves_and_is_ready_for_the_next_call(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/consultations/new/", quick_post() | {"asked_at": ""})
    assert response.status_code == 302 and response["Location"] == "/consultations/new/"
    recorded = Consultation.objects.get()
    assert recorded.asked_at == clock.now() and recorded.recorded_by == volunteer
    follow = client.get(response["Location"]).content.decode()
    assert "咨询已记录（拖欠工资，1人）。" in follow
    assert f'/consultations/{recorded.pk}/' in follow  # in "recorded by you lately"


def test_the_quick_form_needs_only_a_topic_and_the_question(client, volunteer):
    client.force_login(volunteer)
    page = client.get("/consultations/new/").content.decode()
    assert page.count('<span class="req" aria-hidden="true">*</span>') == 2  # question, topic
    client.post("/consultations/new/", {"channel": "walk_in", "topic": "overtime", "question": "加班费怎么算？",
                                        "contact_consent": ""})
    assert Consultation.objects.get().topic == "overtime"


def test_the_quick_form_shows_the_errors_and_keeps_what_was_typed(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/consultations/new/", quick_post(topic="", question="公司不发加班费", name="蓝秀梅"))
    page = response.content.decode()
    assert response.status_code == 200 and Consultation.objects.count() == 0
    assert "只有在当事人同意后才能记录姓名和电话。" in page and "公司不发加班费" in page
    assert "该字段是必填项。" in page.split('id="topic"', 1)[1].split("</fieldset>", 1)[0]

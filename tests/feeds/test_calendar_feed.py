"""The calendar subscription: a secret address per user, the deadlines and sessions of their desk,
named by case number only; a new address or a stop revokes the old one."""

import datetime
import re

import pytest

from casedesk.cases import clock, steps
from casedesk.feeds.models import FeedToken

from ..conftest import id_number

pytestmark = pytest.mark.django_db


def address_of(client):
    page = client.post("/account/calendar/", {"action": "new"}).content.decode()
    return re.search(r'id="feed-address" type="text" readonly value="([^"]+)"', page).group(1)


def feed(client, address):
    return client.get(address.replace("http://127.0.0.1:8000", ""))


def events(body):
    return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", body, re.S)


@pytest.fixture
def session_case(mediating, mediator):
    case = mediating()
    steps.record(case, "session_scheduled", mediator, scheduled_for="2026-11-05 14:30", place="某某服装有限公司会议室")
    return case


def test_a_mediator_subscribes_and_sees_the_deadlines_and_sessions_of_their_cases(
        client, session_case, mediating, other_mediator, supervisor, walk, mediator):
    others = walk(mediating(), ("reassign", supervisor, {"mediator": other_mediator.pk, "reason": "回避"}))
    client.force_login(mediator)
    answer = feed(client, address_of(client))
    assert answer.status_code == 200 and answer["Content-Type"] == "text/calendar; charset=utf-8"
    body = answer.content.decode()
    summaries = re.findall(r"SUMMARY:(.*)\r\n", body)
    assert f"{session_case.number} 调解期限届满" in summaries
    assert f"{session_case.number} 调解会议" in summaries
    assert "DTSTART:20261105T063000Z" in body  # 14:30 in Shanghai
    assert f"DTSTART;VALUE=DATE:{session_case.mediation_due:%Y%m%d}" in body
    assert others.number not in body
    for private in ("张0", id_number(0), "13800130000", "某某服装有限公司", "会议室"):
        assert private not in body


def test_an_overdue_deadline_says_so(client, register, volunteer):
    case = register()
    client.force_login(volunteer)
    address = address_of(client)
    with clock.frozen(case.acceptance_due + datetime.timedelta(days=2)):
        body = feed(client, address).content.decode()
    assert f"SUMMARY:已超期：{case.number} 决定是否受理" in body


def test_the_feed_is_wellformed_icalendar(client, session_case, mediator):
    client.force_login(mediator)
    body = feed(client, address_of(client)).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert len(events(body)) == body.count("END:VEVENT") >= 2
    assert all("UID:" in event and "DTSTAMP:" in event for event in events(body))


def test_the_address_is_stored_only_as_a_hash(client, mediator):
    client.force_login(mediator)
    secret = address_of(client).rsplit("/", 1)[1].removesuffix(".ics")
    stored = FeedToken.objects.get(user=mediator)
    assert secret not in stored.digest and len(stored.digest) == 64
    assert "feed-address" not in client.get("/account/calendar/").content.decode()  # shown only once


def test_a_new_address_or_a_stop_revokes_the_old_one(client, mediator):
    client.force_login(mediator)
    first = address_of(client)
    second = address_of(client)
    assert feed(client, first).status_code == 404 and feed(client, second).status_code == 200
    client.post("/account/calendar/", {"action": "stop"})
    assert feed(client, second).status_code == 404
    assert not FeedToken.objects.filter(user=mediator).exists()


def test_an_inactive_user_or_a_wrong_secret_reads_nothing(client, mediator):
    client.force_login(mediator)
    address = address_of(client)
    client.logout()
    assert feed(client, address[:-8] + "xxxx.ics").status_code == 404
    assert client.get("/calendar/%00.ics").status_code == 404
    mediator.is_active = False
    mediator.save()
    assert feed(client, address).status_code == 404


def test_the_subscription_page_needs_a_desk_user(client, outsider):
    assert client.get("/account/calendar/").status_code == 302
    client.force_login(outsider)
    assert client.get("/account/calendar/").status_code == 404


def test_a_session_still_to_come_leaves_the_calendar_and_the_page_once_mediation_has_ended(
        client, session_case, mediator, login):
    """Scheduled for 5 November; the parties settle on 2 November: that session will not be held."""
    from casedesk.cases import transitions

    from ..conftest import AGREEMENT

    client.force_login(mediator)
    address = address_of(client)
    assert f"{session_case.number} 调解会议" in feed(client, address).content.decode()
    assert 'id="scheduled-sessions"' in login(mediator).get(f"/cases/{session_case.pk}/").content.decode()

    transitions.perform(session_case, "reach_agreement", mediator, **AGREEMENT)

    assert "调解会议" not in feed(client, address).content.decode()
    assert 'id="scheduled-sessions"' not in login(mediator).get(f"/cases/{session_case.pk}/").content.decode()

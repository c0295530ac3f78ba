"""A case's timeline audit: steps against the deadlines in force, the chain status, the exports."""

import csv
import gc
import io

import pytest
from django.db import connection

from casedesk.cases import clock, triggers
from casedesk.cases.models import CaseEvent, PersonalDataAccess
from casedesk.reports import timeline

from .conftest import shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_case(story):
    """Registered Mon 10 March 2025 (acceptance due Thu 13 March), accepted Mon 17 March: late by
    2 working days (Fri 14, Mon 17). Mediation due 1 April, extended in time to 15 April, agreed 10 April."""
    case = story.register(shanghai(2025, 3, 10))
    case = story.mediate(case, shanghai(2025, 3, 17))
    case = story.step(case, shanghai(2025, 3, 25), "extend", until="2025-04-15", reason="双方同意延期。",
                      parties_consent=True)
    return story.step(case, shanghai(2025, 4, 10), "reach_agreement", terms="一次性支付。", amount="9000.00",
                      performance_due="2025-04-30")


def test_a_late_acceptance_is_late_by_its_working_days(late_case):
    audit = timeline.build(late_case)
    steps = {s.event.action: s for s in audit.steps}
    accept = steps["accept"]
    assert accept.span.kind == "acceptance" and str(accept.span.due) == "2025-03-13"
    assert accept.late and accept.late_working_days == 2 and accept.late_days == 4
    assert [s.event.action for s in audit.late_steps] == ["accept"]


def test_steps_are_measured_against_the_deadline_in_force_then(late_case):
    audit = timeline.build(late_case)
    steps = {s.event.action: s for s in audit.steps}
    assert str(steps["extend"].span.due) == "2025-04-01" and not steps["extend"].late
    assert str(steps["reach_agreement"].span.due) == "2025-04-15" and not steps["reach_agreement"].late
    states = [(s.kind, str(s.due), s.state) for s in audit.spans]
    assert ("mediation", "2025-04-01", "extended") in states
    assert ("mediation", "2025-04-15", "met") in states
    assert ("acceptance", "2025-03-13", "late") in states


def test_the_items_are_in_time_order_with_each_deadline_after_its_days_steps(late_case):
    items = timeline.merged(timeline.build(late_case))
    moments = [i.at.date() if kind == "step" else i.due for kind, i in items]
    assert moments == sorted(moments)


def test_an_intact_chain_is_reported_intact(late_case):
    assert timeline.chain_status(timeline.build(late_case)) == {"intact": True, "broken_at": None, "reason": ""}


def test_a_changed_event_shows_where_the_chain_breaks(late_case):
    triggers.drop(connection)
    try:
        CaseEvent.objects.filter(case=late_case, seq=3).update(data={"mediator": 999})
    finally:
        triggers.install(connection)
    status = timeline.chain_status(timeline.build(late_case))
    assert status["intact"] is False and status["broken_at"] == 3


def test_the_page_marks_the_late_step(client, supervisor, late_case):
    client.force_login(supervisor)
    response = client.get(f"/reports/cases/{late_case.pk}/timeline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="step late" data-seq="2" data-action="accept" data-late-working-days="2"' in html
    assert 'id="chain-status" data-intact="true"' in html
    # the axis: the late acceptance a red mark, with its day and its words; the missed deadline a bar
    assert '<circle class="mark step late" cx="7.53%" cy="29" r="6"><title>2025-03-17 受理</title>' in html
    assert ('<rect class="mark deadline late" x="3.23%" y="2" width="4" height="26" transform="translate(-2 0)">'
            '<title>2025-03-13 决定是否受理</title>') in html


@pytest.mark.parametrize("url", ["/reports/cases/{pk}/timeline/", "/reports/cases/{pk}/timeline.csv",
                                 "/api/cases/{pk}/audit/"])
def test_a_timeline_is_read_with_pythons_cycle_collector_paused(client, supervisor, late_case, monkeypatch, url):
    """At 10,000 events the objects of a timeline set off a pass of the collector over the whole process
    at nearly every view (bench/README.md); none of them holds a cycle."""
    seen, build = [], timeline.build

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return build(*args, **kwargs)

    monkeypatch.setattr(timeline, "build", watched)
    client.force_login(supervisor)
    assert client.get(url.format(pk=late_case.pk)).status_code == 200
    assert seen == [False] and gc.isenabled()


def test_the_collector_comes_back_after_a_failure_and_stays_off_if_it_was_off():
    with pytest.raises(RuntimeError), timeline.collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("the view failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with timeline.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_case_the_user_may_not_see_answers_404(client, other_mediator, late_case):
    client.force_login(other_mediator)
    assert client.get(f"/reports/cases/{late_case.pk}/timeline/").status_code == 404
    assert client.get(f"/reports/cases/{late_case.pk}/timeline.csv").status_code == 404


def test_the_csv_export_lists_events_and_deadlines_and_is_logged(client, supervisor, late_case):
    client.force_login(supervisor)
    response = client.get(f"/reports/cases/{late_case.pk}/timeline.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1] == late_case.number
    events = [r for r in rows[2:] if r[2]]
    assert [int(r[2]) for r in events] == list(range(1, 6))
    accept = next(r for r in events if r[2] == "2")
    assert accept[10] == "2"  # working days late
    assert len(rows) - 2 > len(events)  # deadlines too
    logged = PersonalDataAccess.objects.get(action="export_timeline")
    assert logged.user == supervisor and logged.detail["case_ids"] == [late_case.pk]


def test_the_api_gives_the_audit_as_json(api, supervisor, late_case):
    body = api(supervisor).get(f"/api/cases/{late_case.pk}/audit/").json()
    assert body["chain"]["intact"] is True
    accept = next(e for e in body["events"] if e["action"] == "accept")
    assert accept["deadline"] == {"kind": "acceptance", "due": "2025-03-13", "on": "2025-03-17", "on_time": False,
                                  "late_days": 4, "late_working_days": 2}
    assert {d["kind"] for d in body["deadlines"]} >= {"acceptance", "mediation", "confirmation_application"}


def test_a_long_timeline_is_paged_and_its_axis_stays_small(client, supervisor, late_case):
    """A case with hundreds of events: the page shows 200 entries at a time, the chain is checked
    over all of them, the exports keep them all, and the axis draws each spot once."""
    from casedesk.cases import audit
    from casedesk.reports.timeline_views import TIMELINE_PAGE_SIZE

    for n in range(260):
        with clock.frozen(shanghai(2025, 4, 11, 9, 0, n % 60)):
            audit.append_event(late_case, action="session_recorded", actor=supervisor, data={"n": n})
    audit_ = timeline.build(late_case)
    total = len(timeline.merged(audit_))
    assert total > TIMELINE_PAGE_SIZE and timeline.chain_status(audit_)["intact"]
    assert len(audit_.axis) < 20  # 265 events on a few days: one mark per spot and look

    def entries(html):
        return html.count('<li class="step') + html.count('<li class="deadline')

    client.force_login(supervisor)
    first = client.get(f"/reports/cases/{late_case.pk}/timeline/").content.decode()
    second = client.get(f"/reports/cases/{late_case.pk}/timeline/?page=2").content.decode()
    beyond = client.get(f"/reports/cases/{late_case.pk}/timeline/?page=99").content.decode()
    assert entries(first) == TIMELINE_PAGE_SIZE and 'rel="next"' in first
    assert entries(second) == total - TIMELINE_PAGE_SIZE and 'rel="prev"' in second
    assert entries(beyond) == entries(second) and 'rel="next"' not in beyond  # past the end: the last page
    assert 'data-intact="true"' in second
    # each page reads the actors and words of its own steps (timeline.detail), the last page's too
    recorded = second.count('data-action="session_recorded"')
    assert recorded and second.count(f'<span class="who">{supervisor.get_full_name()}</span>') >= recorded
    rows = list(csv.reader(io.StringIO(client.get(f"/reports/cases/{late_case.pk}/timeline.csv").content.decode())))
    assert len(rows) == 2 + total


def test_the_headers_late_count_is_the_late_deadlines_the_page_shows(story, client, supervisor):
    """Registered Mon 10 March 2025, accepted late (Mon 17 March), then left: its mediation deadline
    (1 April) is past and still open today. Two late deadlines shown, two counted; no step is 'late'
    but the acceptance."""
    case = story.mediate(story.register(shanghai(2025, 3, 10)), shanghai(2025, 3, 17))
    client.force_login(supervisor)
    page = client.get(f"/reports/cases/{case.pk}/timeline/").content.decode()
    shown = page.count('data-state="late"') + page.count('data-state="overdue"')
    assert shown == 2
    assert 'id="late-count" data-late="2"' in page and "2个期限逾期" in page

"""Recording outreach events (service, API, desk), who sees them, and what is refused."""

import datetime

import pytest

from casedesk.cases import clock
from casedesk.cases.errors import InvalidData, NotPermitted
from casedesk.outreach import kinds, selectors, services
from casedesk.outreach.models import EventKind, OutreachEvent

from ..conftest import client_for
from .conftest import counts, event_body, seeded_kind

pytestmark = pytest.mark.django_db


def test_the_seed_kinds_are_the_ones_the_union_names_in_chinese():
    names = list(EventKind.objects.filter(active=True).values_list("name", flat=True))
    assert names == ["法律服务进园区", "法律服务进企业", "心理健康辅导", "知识讲座", "普法宣讲", "健康义诊",
                     "集体协商指导", "其他活动"]
    assert names == kinds.seed_names()


def test_an_event_is_recorded_with_its_staff(record_event, volunteer, mediator):
    event = record_event(staff=[{"name": "邱律师", "role": "lawyer"},
                                {"name": "陈调解", "role": "mediator", "user": mediator.pk}])
    event.refresh_from_db()
    assert (event.kind.name, event.held_on, event.people_served, event.leaflets) == (
        "普法宣讲", datetime.date(2026, 10, 28), 180, 600)
    assert event.recorded_by == volunteer and event.recorded_at == clock.now()
    assert [(s.name, s.role, s.user) for s in event.staff.all()] == [
        ("邱律师", "lawyer", None), ("陈调解", "mediator", mediator)]


def test_leaflets_may_be_left_out(record_event):
    assert record_event(leaflets=None).leaflets == 0


@pytest.mark.parametrize(("field", "value"), [
    ("people_served", -1),
    ("leaflets", -5),
    ("people_served", 100_001),
    ("leaflets", 100_001),
    ("people_served", "1e400"),
    ("people_served", 2.5),
    ("people_served", True),
    ("held_on", "2026-11-03"),  # the day after the desk's today
    ("held_on", "1949-12-31"),
    ("held_on", "2026-02-30"),
    ("kind", 987654),
    ("kind", "普法宣讲"),
    ("place", ""),
    ("place", "地点\x00"),
    ("staff", "邱律师"),
    ("staff", [{"name": "", "role": "lawyer"}]),
    ("staff", [{"name": "邱律师", "role": "judge"}]),
    ("staff", [{"name": "邱律师", "role": "lawyer", "user": 987654}]),
    ("staff", ["邱律师"]),
])
def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(volunteer, field, value):
    before = counts()
    response = client_for(volunteer).post("/api/outreach-events/", event_body(**{field: value}), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] == "invalid" and any(key.split(".")[0] == field for key in body["fields"]), body
    assert counts() == before


def test_a_count_over_100000_reads_as_a_typing_mistake_in_chinese(volunteer):
    response = client_for(volunteer).post("/api/outreach-events/", event_body(people_served=250_000), format="json")
    assert response.json()["fields"]["people_served"] == ["一场活动最多100000，请核对数字。"]


def test_a_retired_kind_is_not_taken_for_new_events(volunteer):
    kind = seeded_kind(7)
    kind.active = False
    kind.save()
    before = counts()
    with pytest.raises(InvalidData) as refused:
        services.record_event(actor=volunteer, data=event_body(kind=kind.pk))
    assert "kind" in refused.value.fields and counts() == before


def test_a_user_without_a_desk_role_records_nothing(outsider):
    before = counts()
    with pytest.raises(NotPermitted):
        services.record_event(actor=outsider, data=event_body())
    assert client_for(outsider).post("/api/outreach-events/", event_body(), format="json").status_code == 403
    assert counts() == before


def test_volunteers_see_the_events_they_recorded_or_worked_at_supervisors_all(
        record_event, volunteer, mediator, other_mediator, supervisor):
    own = record_event()
    worked = record_event(actor=supervisor, staff=[{"name": "陈调解", "role": "mediator", "user": mediator.pk}])
    other = record_event(actor=other_mediator)

    def listed(user):
        return {e["id"] for e in client_for(user).get("/api/outreach-events/").json()["results"]}

    assert listed(volunteer) == {own.pk}
    assert listed(mediator) == {worked.pk}
    assert listed(supervisor) == {own.pk, worked.pk, other.pk}
    assert client_for(volunteer).get(f"/api/outreach-events/{other.pk}/").status_code == 404
    assert client_for(mediator).get(f"/api/outreach-events/{worked.pk}/").status_code == 200


def test_the_api_records_and_lists_with_filters(volunteer):
    client = client_for(volunteer)
    created = client.post("/api/outreach-events/", event_body(), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kind"]["name"] == "普法宣讲" and body["staff"] == [{"name": "邱律师", "role": "lawyer", "user": None}]
    client.post("/api/outreach-events/", event_body(kind=seeded_kind(5).pk, held_on="2026-09-01"), format="json")
    assert client.get("/api/outreach-events/", {"kind": seeded_kind(5).pk}).json()["count"] == 1
    assert client.get("/api/outreach-events/", {"held_from": "2026-10-01", "held_to": "2026-10-31"}).json()[
        "count"] == 1
    assert client.get("/api/outreach-events/", {"q": "邱律师"}).json()["count"] == 2
    refused = client.get("/api/outreach-events/", {"held_from": "2026-10-31", "held_to": "2026-10-01"})
    assert refused.status_code == 400 and "held_to" in refused.json()["fields"]


def test_the_kinds_are_listed_for_api_clients(volunteer):
    kinds_listed = client_for(volunteer).get("/api/outreach-events/kinds/").json()
    assert [k["name"] for k in kinds_listed][:2] == ["法律服务进园区", "法律服务进企业"]


def test_the_figures_count_events_people_and_leaflets_by_kind(record_event):
    record_event()
    record_event(people_served=20, leaflets=0)
    record_event(kind=seeded_kind(5).pk, people_served=300, leaflets=100)
    record_event(held_on="2025-12-31", people_served=999)
    figures = selectors.figures(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert (figures.events, figures.people_served, figures.leaflets) == (3, 500, 700)
    by_kind = {k.name: (k.events, k.people_served, k.leaflets) for k in figures.by_kind}
    assert by_kind["普法宣讲"] == (2, 200, 600) and by_kind["健康义诊"] == (1, 300, 100)
    assert by_kind["知识讲座"] == (0, 0, 0)
    assert figures.kinds_held() == ["普法宣讲", "健康义诊"]


# ---- the desk's pages ----------------------------------------------------------------------

def page_post(**overrides):
    body = event_body(**overrides)
    post = {k: v for k, v in body.items() if k != "staff"}
    for n, person in enumerate(body["staff"]):
        post.update({f"staff-{n}-{k}": v for k, v in person.items()})
    return post


def test_the_desk_records_an_event_and_shows_it(client, volunteer):
    client.force_login(volunteer)
    assert client.get("/outreach/new/").status_code == 200
    response = client.post("/outreach/new/", page_post())
    event = OutreachEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/outreach/{event.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "普法宣讲" in page and "邱律师" in page and 'id="people-served">180<' in page
    listing = client.get("/outreach/", {"kind": seeded_kind(4).pk}).content.decode()
    assert f'data-event="{event.pk}"' in listing


def test_the_desk_shows_the_errors_next_to_the_fields_and_saves_nothing(client, volunteer):
    client.force_login(volunteer)
    post = page_post(people_served="-3", held_on=(clock.today() + datetime.timedelta(days=1)).isoformat())
    post["staff-1-role"] = "lawyer"  # a row with a role but no name is no one
    response = client.post("/outreach/new/", post)
    page = response.content.decode()
    assert response.status_code == 200 and OutreachEvent.objects.count() == 0
    assert "数量不能为负数。" in page and "活动日期不能晚于今天。" in page


def test_a_person_chosen_as_a_desk_user_without_a_typed_name_takes_the_users_name(client, volunteer, mediator):
    """Row 2 with 系统用户 chosen and the name left empty was dropped without a word."""
    client.force_login(volunteer)
    post = page_post()
    post.update({"staff-1-role": "mediator", "staff-1-user": str(mediator.pk), "staff-1-name": ""})
    assert client.post("/outreach/new/", post).status_code == 302
    kept = OutreachEvent.objects.get().staff.order_by("pk")
    assert [(row.name, row.user_id) for row in kept][1] == (mediator.get_full_name() or mediator.username, mediator.pk)


def test_a_person_with_neither_a_name_nor_a_desk_user_is_refused_by_the_api(volunteer):
    before = OutreachEvent.objects.count()
    response = client_for(volunteer).post("/api/outreach-events/", event_body(staff=[{"role": "lawyer"}]),
                                          format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["staff.0.name"] == ["请填写姓名，或选择系统用户。"]
    assert OutreachEvent.objects.count() == before


def test_an_event_dated_before_last_year_is_refused_on_the_desk(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/outreach/new/", page_post(held_on="2024-12-31"))
    assert response.status_code == 200 and OutreachEvent.objects.count() == 0
    assert "活动日期早于去年1月1日：更早年份的记录已计入报出的往年报表，请核对日期。" in response.content.decode()
    client.post("/outreach/new/", page_post(held_on="2025-01-01"))
    assert OutreachEvent.objects.count() == 1


def test_an_event_a_volunteer_may_not_see_answers_404_on_the_desk(client, record_event, volunteer, other_mediator):
    hidden = record_event(actor=other_mediator)
    client.force_login(volunteer)
    assert client.get(f"/outreach/{hidden.pk}/").status_code == 404
    assert client.get(f"/outreach/{hidden.pk + 1000}/").status_code == 404

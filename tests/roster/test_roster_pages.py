"""The roster page: supervisors of a unit or above edit its mediators' profiles, each change logged in an
append-only table; bad input is refused in Chinese with nothing changed; the printed roster is a PDF."""

import datetime

import pytest
from django.db import DatabaseError, transaction

from casedesk.roster.models import MediatorProfile, RosterChange

from ..documents.conftest import pdf_text

WAGES = ["wage_arrears"]


def profile_post(mediator, **overrides):
    data = {"specialties": ["wage_arrears", "work_injury"], "languages": "普通话、温州话", "takes_court_cases": "on",
            "max_open_cases": "8", "on_leave_until": "", "public_title": "律师", "active": "on"}
    data.update(overrides)
    return {f"p{mediator.pk}-{key}": value for key, value in data.items() if value is not None}


def profiles():
    return list(MediatorProfile.objects.order_by("pk").values()), list(RosterChange.objects.order_by("pk").values())


def test_the_page_shows_the_units_mediators_grouped_by_unit(county, login):
    county.mediator("县调解员", specialties=WAGES, public_title="退休法官")
    county.mediator("站调解员", where=county.east_station)
    county.mediator("西县调解员", where=county.west)

    page = login(county.users["east_supervisor"]).get("/roster/")

    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="unit-{county.east.pk}"' in html and f'id="unit-{county.east_station.pk}"' in html
    assert "县调解员" in html and "站调解员" in html and "退休法官" in html
    assert "西县调解员" not in html


def test_a_supervisor_edits_a_profile_and_every_changed_field_is_logged(county, login):
    mediator = county.mediator("陈调解")
    supervisor = county.users["east_supervisor"]

    response = login(supervisor).post(f"/roster/mediators/{mediator.pk}/", profile_post(
        mediator, on_leave_until="2026-12-20"))

    assert response.status_code == 302
    profile = MediatorProfile.objects.get(user=mediator)
    assert (profile.specialties, profile.languages, profile.max_open_cases, profile.on_leave_until,
            profile.public_title) == (["wage_arrears", "work_injury"], "普通话、温州话", 8,
                                      datetime.date(2026, 12, 20), "律师")
    changes = {c.field: (c.old, c.new, c.changed_by_id) for c in RosterChange.objects.filter(mediator=mediator)}
    assert changes == {
        "specialties": ("", "wage_arrears,work_injury", supervisor.pk),
        "languages": ("", "普通话、温州话", supervisor.pk),
        "max_open_cases": ("10", "8", supervisor.pk),
        "on_leave_until": ("", "2026-12-20", supervisor.pk),
        "public_title": ("", "律师", supervisor.pk),
    }
    page = login(supervisor).get("/roster/").content.decode()
    assert "名册变更记录" in page and "拖欠工资、工伤" in page and "最多在办案件数" in page
    log = page.split('id="roster-log"', 1)[1]
    assert "2026年12月20日" in log and "2026-12-20" not in log

    # The same form again changes nothing and logs nothing.
    login(supervisor).post(f"/roster/mediators/{mediator.pk}/", profile_post(mediator, on_leave_until="2026-12-20"))
    assert RosterChange.objects.count() == 5


@pytest.mark.parametrize(("field", "value", "message"), [
    ("max_open_cases", "0", "确保该值大于或等于1"),
    ("max_open_cases", "十个", "输入整数"),
    ("on_leave_until", "2026-10-01", "休假截止日期不能早于今天"),
    ("on_leave_until", "2026-13-01", "输入一个有效的日期"),
    ("specialties", ["gambling"], "gambling 不在可用的选项中"),
    ("public_title", "律" * 51, "这段文字有51个字，最多只能50个字"),
])
def test_bad_input_is_refused_in_chinese_and_changes_nothing(county, login, field, value, message):
    mediator = county.mediator("陈调解", specialties=WAGES)
    before = profiles()

    response = login(county.users["east_supervisor"]).post(
        f"/roster/mediators/{mediator.pk}/", profile_post(mediator, **{field: value}))

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html, html[html.find("field-error"):][:2000]
    assert "档案未保存" in html
    assert profiles() == before


def test_the_change_log_is_append_only(county, login):
    mediator = county.mediator("陈调解")
    login(county.users["east_supervisor"]).post(f"/roster/mediators/{mediator.pk}/", profile_post(mediator))
    change = RosterChange.objects.first()

    for attempt in (lambda: RosterChange.objects.filter(pk=change.pk).update(new="x"),
                    lambda: RosterChange.objects.filter(pk=change.pk).delete()):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()


def test_the_printed_roster_lists_name_unit_specialties_title_and_court_cases_only(county, login):
    county.mediator("陈调解", specialties=WAGES, public_title="律师", languages="温州话")
    county.mediator("林调解", where=county.east_station, takes_court_cases=False, public_title="退休法官")
    county.mediator("停用者", active=False)
    phone_holder = county.users["陈调解"]
    phone_holder.email = "chen@example.cn"
    phone_holder.save()

    response = login(county.users["east_supervisor"]).get(f"/roster/{county.east.pk}/print/")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "东县总工会调解员名册" in text
    assert "陈调解东县总工会拖欠工资律师是" in text
    assert "林调解东县开发区职工维权服务站—退休法官否" in text
    assert "停用者" not in text and "chen@example.cn" not in text


def test_access_by_unit(county, login):
    east_mediator = county.mediator("陈调解")
    west = login(county.users["west_supervisor"])

    assert west.post(f"/roster/mediators/{east_mediator.pk}/", profile_post(east_mediator)).status_code == 404
    assert west.get(f"/roster/{county.east.pk}/print/").status_code == 404
    assert "陈调解" not in west.get("/roster/").content.decode()
    assert login(county.users["east_supervisor"]).get(f"/roster/{county.city.pk}/print/").status_code == 404
    assert login(east_mediator).get("/roster/").status_code == 403
    assert login(county.users["east_volunteer"]).get(f"/roster/{county.east.pk}/print/").status_code == 403
    city = login(county.users["city_supervisor"])
    assert city.post(f"/roster/mediators/{east_mediator.pk}/", profile_post(east_mediator)).status_code == 302
    assert city.get(f"/roster/{county.east.pk}/print/").status_code == 200
    assert not RosterChange.objects.exclude(changed_by=county.users["city_supervisor"]).exists()

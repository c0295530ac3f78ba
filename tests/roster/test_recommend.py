"""The recommendation at assignment: same unit, specialty, load relative to the maximum; who should not
take the case is shown last with the reason, and a conflicted mediator is never recommended."""

import datetime
import re

import yaml

from casedesk.cases import transitions
from casedesk.cases.models import Case
from casedesk.roster.recommend import recommend

from ..conftest import COURT_REFERRAL
from ..factories import MediatorRelationFactory

WAGES = ["wage_arrears"]


def ranked(case):
    return [(c.mediator.username, c.recommended, c.excluded, c.reasons) for c in recommend(case)]


def test_the_roster_recommends_the_specialist_with_the_lowest_load_and_never_a_conflicted_one(county):
    conflicted = county.mediator("冲突", specialties=WAGES)
    county.mediator("专长轻", load=1, specialties=WAGES)
    county.mediator("专长重", load=3, specialties=WAGES)
    county.mediator("无专长", load=0, specialties=["work_injury"])
    case = county.accepted_case()
    MediatorRelationFactory(mediator=conflicted, employer=case.employer, relation="配偶在该公司任职")

    rows = ranked(case)

    assert [name for name, *_ in rows] == ["专长轻", "专长重", "无专长", "冲突"]
    assert rows[0][1:] == (True, False, ["同一单位", "擅长：拖欠工资", "在办 1/10"])
    assert [recommended for _n, recommended, *_ in rows] == [True, False, False, False]
    assert rows[3][2] is True and "有利益冲突：配偶在该公司任职" in rows[3][3]


def test_a_mediator_on_leave_is_excluded_with_the_date(county):
    county.mediator("休假", specialties=WAGES, on_leave_until=datetime.date(2026, 12, 20))
    county.mediator("在岗", load=4)
    case = county.accepted_case()

    rows = ranked(case)

    assert [name for name, *_ in rows] == ["在岗", "休假"]
    assert rows[1][2] is True and "休假至12月20日" in rows[1][3]


def test_a_leave_into_next_year_names_the_year(county):
    county.mediator("跨年休假", on_leave_until=datetime.date(2027, 1, 5))
    assert "休假至2027年1月5日" in ranked(county.accepted_case())[0][3]


def test_a_leave_that_ended_yesterday_no_longer_excludes(county):
    county.mediator("回岗", specialties=WAGES, on_leave_until=datetime.date(2026, 11, 1))
    assert ranked(county.accepted_case())[0][:3] == ("回岗", True, False)


def test_load_counts_relative_to_each_maximum_and_a_full_mediator_is_excluded(county):
    county.mediator("五分之一", load=1, specialties=WAGES, max_open_cases=5)
    county.mediator("二十分之二", load=2, specialties=WAGES, max_open_cases=20)
    county.mediator("满了", load=2, specialties=WAGES, max_open_cases=2)
    case = county.accepted_case()

    rows = ranked(case)

    assert [name for name, *_ in rows] == ["二十分之二", "五分之一", "满了"]
    assert "在办 2/20" in rows[0][3]
    assert rows[2][2] is True and "已满负荷 2/2" in rows[2][3]


def test_a_court_case_excludes_who_does_not_take_court_cases(county):
    county.mediator("不接法院", specialties=WAGES, takes_court_cases=False)
    county.mediator("接法院", load=5)
    court = county.accepted_case(channel="court_delegated", court_referral=COURT_REFERRAL)
    walk_in = county.accepted_case()

    assert [(n, r, e) for n, r, e, _ in ranked(court)] == [("接法院", True, False), ("不接法院", False, True)]
    assert "不承接法院委派案件" in ranked(court)[1][3]
    assert ranked(walk_in)[0][0] == "不接法院"


def test_the_cases_own_unit_comes_before_a_specialty_and_off_the_roster_is_excluded(county):
    county.mediator("县里专长", specialties=WAGES)
    county.mediator("站里", where=county.east_station, load=2)
    county.mediator("停用", where=county.east_station, active=False)
    case = county.accepted_case(volunteer="east_station_volunteer")

    rows = ranked(case)

    assert [name for name, *_ in rows] == ["站里", "县里专长", "停用"]
    assert rows[1][3][:2] == ["单位：东县总工会", "擅长：拖欠工资"]
    assert "未列入名册" in rows[2][3]


def test_a_mediator_without_a_profile_counts_with_the_defaults(county):
    county.mediator("没填")
    assert ranked(county.accepted_case())[0] == ("没填", True, False, ["同一单位", "在办 0/10"])


def test_the_assign_step_preselects_and_marks_the_recommended_mediator(county, login):
    county.mediator("专长", specialties=WAGES)
    county.mediator("其他", load=1)
    case = county.accepted_case()

    page = login(county.users["east_supervisor"]).get(f"/cases/{case.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="recommendation"' in html and "推荐" in html and "擅长：拖欠工资" in html
    chosen = county.users["专长"].pk
    assert f'<option value="{chosen}" selected>专长（推荐）</option>' in html


def test_the_supervisor_still_assigns_a_mediator_the_roster_does_not_recommend(county, login):
    county.mediator("专长", specialties=WAGES)
    full = county.mediator("满了", load=1, max_open_cases=1)
    case = county.accepted_case()

    response = login(county.users["east_supervisor"]).post(
        f"/cases/{case.pk}/actions/assign/", {"mediator": full.pk})

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).mediator_id == full.pk


def test_the_api_gives_the_ranked_list_with_reasons(county, api):
    county.mediator("专长", specialties=WAGES)
    county.mediator("其他", load=1)
    case = county.accepted_case()

    response = api(county.users["east_supervisor"]).get(f"/api/cases/{case.pk}/mediator-recommendations/")

    assert response.status_code == 200
    first, second = response.json()
    assert first == {"mediator": county.users["专长"].pk, "name": "专长",
                     "unit": {"id": county.east.pk, "name": "东县总工会"}, "recommended": True, "excluded": False,
                     "open_cases": 0, "max_open_cases": 10, "reasons": ["同一单位", "擅长：拖欠工资", "在办 0/10"]}
    assert second["name"] == "其他" and second["recommended"] is False
    # The assignment through the API takes any allowed mediator, as before.
    assigned = api(county.users["east_supervisor"]).post(
        f"/api/cases/{case.pk}/transitions/assign/", {"mediator": county.users["其他"].pk}, format="json")
    assert assigned.status_code == 200


def test_the_api_hides_another_countys_case_and_refuses_a_mediator(county, api):
    mediator = county.mediator("专长", specialties=WAGES)
    case = county.accepted_case()
    url = f"/api/cases/{case.pk}/mediator-recommendations/"

    assert api(county.users["west_supervisor"]).get(url).status_code == 404
    assert api(mediator).get(url).status_code == 403
    assert api(None).get(url).status_code == 401
    assert api(county.users["city_supervisor"]).get(url).status_code == 200


def test_the_schema_describes_the_recommendations(api, supervisor):
    schema = yaml.safe_load(api(supervisor).get("/api/schema/").content)
    operation = schema["paths"]["/api/cases/{case_id}/mediator-recommendations/"]["get"]
    assert set(operation["responses"]) >= {"200", "401", "403", "404"}


def test_a_conflicted_mediator_is_still_refused_by_the_assignment(county, api):
    conflicted = county.mediator("冲突", specialties=WAGES)
    case = county.accepted_case()
    MediatorRelationFactory(mediator=conflicted, employer=case.employer)

    refused = api(county.users["east_supervisor"]).post(
        f"/api/cases/{case.pk}/transitions/assign/", {"mediator": conflicted.pk}, format="json")

    assert refused.status_code == 400
    assert "冲突" not in [c.name for c in recommend(case) if not c.excluded]
    assert Case.objects.get(pk=case.pk).mediator_id is None


def mediating_case(county, mediator):
    case = county.accepted_case()
    return transitions.perform(case, "assign", county.users["east_supervisor"], mediator=mediator.pk)


def test_at_a_reassignment_the_cases_mediator_is_not_advised_and_another_is_recommended(county):
    now = county.mediator("现任", specialties=WAGES)
    county.mediator("接手", load=2)

    rows = ranked(mediating_case(county, now))

    assert [row[:3] for row in rows] == [("接手", True, False), ("现任", False, True)]
    assert rows[1][3][-1] == "现为本案调解员"


def test_the_reassign_panel_shows_the_recommendation_when_asked(county, login):
    now = county.mediator("现任", specialties=WAGES)
    other = county.mediator("接手", load=2)
    case = mediating_case(county, now)
    client = login(county.users["east_supervisor"])

    plain = client.get(f"/cases/{case.pk}/").content.decode()
    asked = client.get(f"/cases/{case.pk}/?recommend=reassign").content.decode()

    assert 'id="recommendation"' not in plain
    assert 'href="?recommend=reassign#action-reassign"' in plain and "查看名册推荐" in plain
    assert re.search(r'id="action-reassign" open>', asked) and not re.search(r'id="action-reassign" open>', plain)
    assert 'id="recommendation"' in asked and "现为本案调解员" in asked
    assert f'<option value="{other.pk}" selected>接手（推荐）</option>' in asked
    assert "查看名册推荐" not in asked


def test_a_refused_reassignment_comes_back_with_the_recommendation(county, login):
    now = county.mediator("现任", specialties=WAGES)
    county.mediator("接手", load=2)
    case = mediating_case(county, now)

    page = login(county.users["east_supervisor"]).post(
        f"/cases/{case.pk}/actions/reassign/", {"mediator": now.pk, "reason": "调整工作安排"})

    html = page.content.decode()
    assert page.status_code == 400, page.status_code
    assert "本案已由该调解员承办。" in html and re.search(r'id="action-reassign" open>', html)
    assert 'id="recommendation"' in html and "现为本案调解员" in html
    assert Case.objects.get(pk=case.pk).mediator_id == now.pk

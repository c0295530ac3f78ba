"""Words and people (issue 13): full names wherever a person is chosen or shown, every label of the case
page naming what it shows, one deadline page whose case numbers lead to the case."""

import datetime
import re

import pytest

from casedesk.cases import clock
from casedesk.cases.choices import Status

from ..conftest import NOW
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def options(page, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_boards_mediator_drop_down_shows_full_names(login, case_at, supervisor, mediator, other_mediator):
    case_at(Status.ACCEPTED)
    page = login(supervisor).get("/supervisor/board/").content.decode()
    # The roster's recommendation is marked after the name (casedesk.roster).
    marked = options(page, "mediator")
    names = [name.removesuffix("（推荐）") for name in marked]
    assert "陈调解" in names and "周调解" in names
    assert sum(name.endswith("（推荐）") for name in marked) == 1
    assert not any("mediator1" in n or "mediator2" in n for n in names)


def test_the_case_pages_mediator_drop_down_shows_full_names(login, case_at, supervisor, mediator):
    case = case_at(Status.MEDIATING)
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="action-reassign"' in page
    assert "陈调解" in options(page, "mediator") and "mediator1" not in " ".join(options(page, "mediator"))


def test_the_relations_drop_down_shows_full_names(login, supervisor, mediator):
    page = login(supervisor).get("/relations/").content.decode()
    assert "陈调解" in options(page, "mediator")
    assert "mediator1" not in " ".join(options(page, "mediator"))


def test_a_user_without_a_full_name_is_shown_by_login_name(login, supervisor):
    UserFactory(username="tiaojie9", role="mediator", first_name="", last_name="")
    page = login(supervisor).get("/relations/").content.decode()
    assert "tiaojie9" in options(page, "mediator")


def test_the_case_page_labels_say_what_they_show(login, case_at, supervisor):
    case = case_at(Status.AGREED, channel="court_delegated", court_referral={
        "court": "某某县人民法院", "court_case_number": "（2026）浙0101民诉前调88号", "referred_on": "2026-10-30"})
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    parties = page.split('id="parties"', 1)[1].split("</section>", 1)[0]
    assert "<th>证件</th>" in parties and "文书" not in parties
    respondent = parties.split('id="respondent"', 1)[1]
    assert "<dt>单位名称</dt>" in respondent and "<dt>姓名</dt>" not in respondent
    assert "<dt>联系人及电话</dt>" in respondent
    claims = page.split('id="dispute"', 1)[1].split("</section>", 1)[0]
    assert "<th>请求类型</th>" in claims and '<th class="num">请求金额</th>' in claims
    referral = page.split('id="court-referral"', 1)[1].split("</section>", 1)[0]
    assert "<dt>委派/委托类型</dt>" in referral
    agreement = page.split('id="agreement"', 1)[1].split("</section>", 1)[0]
    assert "<dt>协议金额</dt>" in agreement


def test_one_deadline_page_whose_case_numbers_lead_to_the_case(login, register, volunteer, supervisor):
    with clock.frozen(NOW - datetime.timedelta(days=10)):
        case = register()  # its acceptance is overdue today
    for user in (volunteer, supervisor):
        client = login(user)
        page = client.get("/deadlines/").content.decode()
        assert f'<a href="/cases/{case.pk}/">{case.number}</a>' in page
        assert f"/reports/cases/{case.pk}/timeline/" not in page
        assert client.get("/reports/overdue/")["Location"] == "/deadlines/"

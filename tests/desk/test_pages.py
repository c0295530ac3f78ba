"""Login, the home page of each role, the case list, the deadlines list and the error pages."""

import datetime

import pytest

from casedesk.cases.models import Case

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


def section(page, section_id):
    return page.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]


def test_home_sends_an_anonymous_visitor_to_the_chinese_login_page(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert "登录" in response.content.decode()


def test_login_with_a_wrong_password_says_so_in_chinese(client, volunteer):
    response = client.post("/login/", {"username": "volunteer1", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_login_leads_home(client, volunteer):
    from ..factories import PASSWORD

    response = client.post("/login/", {"username": "volunteer1", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_home_offers_registration_in_one_click(login, volunteer):
    page = login(volunteer).get("/").content.decode()
    assert 'href="/cases/new/"' in page


def test_the_volunteers_home_lists_the_open_cases_they_registered(login, register, volunteer, other_mediator):
    mine = register()
    others = register(actor=other_mediator, applicants=[{"name": "赵六", "id_type": "none", "employment_form": "informal"}])
    page = login(volunteer).get("/").content.decode()
    assert mine.number in section(page, "my-registrations")
    assert others.number not in page


def test_the_mediators_home_shows_new_cases_and_their_own(login, register, walk, mediator, supervisor):
    new = register()
    mine = walk(register(workers=2), ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}))
    page = login(mediator).get("/").content.decode()
    assert new.number in section(page, "new-cases")
    assert mine.number in section(page, "my-cases")
    assert mine.number in section(page, "recent")


def test_deadlines_near_or_past_are_on_home(login, supervisor):
    late = CaseFactory(acceptance_due=datetime.date(2026, 10, 30))
    soon = CaseFactory(acceptance_due=datetime.date(2026, 11, 4))
    later = CaseFactory(acceptance_due=datetime.date(2026, 11, 20))
    panel = section(login(supervisor).get("/").content.decode(), "deadlines")
    assert late.number in panel and soon.number in panel and later.number not in panel
    assert panel.index(late.number) < panel.index(soon.number)


def test_the_supervisors_home_has_the_unassigned_queue_and_supervision_links(login, case_at, supervisor):
    case = case_at("accepted")
    page = login(supervisor).get("/").content.decode()
    assert case.number in section(page, "unassigned")
    assert "/supervisor/board/" in page and "?overdue=true" in page


def test_my_tasks_come_from_the_workflow_inbox(login, monkeypatch, register, mediator):
    from types import SimpleNamespace

    from workflows import inbox

    case = register()
    task = SimpleNamespace(title="决定是否受理", status="NEW", created=case.submitted_at,
                           artifact=case, flow_task="accept")
    monkeypatch.setattr(inbox, "open_tasks_for", lambda user: [task])
    monkeypatch.setattr(inbox, "url_of", lambda t: "/workflow/task/1/")
    panel = section(login(mediator).get("/").content.decode(), "my-tasks")
    assert "决定是否受理" in panel and 'href="/workflow/task/1/"' in panel and case.number in panel


def test_a_user_without_a_role_is_told_so(login, outsider):
    response = login(outsider).get("/")
    assert response.status_code == 200 and 'href="/cases/new/"' not in response.content.decode()


def test_the_list_filters_by_status_category_channel_mediator_and_overdue(login, supervisor, mediator):
    wage = CaseFactory(category="wage_arrears", channel="walk_in")
    injury = CaseFactory(category="work_injury", channel="hotline_12351", status="mediating", mediator=mediator,
                         mediation_due=datetime.date(2026, 10, 1))
    client = login(supervisor)

    def listed(query):
        page = client.get(f"/cases/?{query}").content.decode()
        return {c.number for c in (wage, injury) if c.number in page}

    assert listed("category=work_injury") == {injury.number}
    assert listed("channel=walk_in") == {wage.number}
    assert listed("status=submitted") == {wage.number}
    assert listed(f"mediator={mediator.pk}") == {injury.number}
    assert listed("mediator=none") == {wage.number}
    assert listed("overdue=true") == {injury.number}


def test_the_list_searches_number_worker_and_employer(login, register, supervisor):
    case = register()
    client = login(supervisor)
    for text in ("0001", "张0", "服装"):
        assert case.number in client.get("/cases/", {"q": text}).content.decode()
    assert case.number not in client.get("/cases/", {"q": "没有这个"}).content.decode()


def test_the_list_masks_phone_numbers_even_for_the_supervisor(login, register, supervisor):
    register()
    page = login(supervisor).get("/cases/").content.decode()
    assert "138****0000" in page and "13800130000" not in page


def test_the_list_is_paginated_and_keeps_the_filters(login, supervisor):
    for _ in range(21):
        CaseFactory()
    page = login(supervisor).get("/cases/?category=wage_arrears").content.decode()
    assert "category=wage_arrears&amp;page=2" in page
    assert login(supervisor).get("/cases/?category=wage_arrears&page=2").status_code == 200


def test_a_bad_filter_value_gives_a_message_not_an_error(login, supervisor):
    response = login(supervisor).get("/cases/?status=nonsense")
    assert response.status_code == 200
    assert "nonsense" in response.content.decode()


def test_the_deadlines_page_lists_only_visible_cases(login, volunteer):
    own = CaseFactory(registered_by=volunteer, acceptance_due=datetime.date(2026, 10, 30))
    other = CaseFactory(acceptance_due=datetime.date(2026, 10, 30))
    page = login(volunteer).get("/deadlines/").content.decode()
    assert own.number in page and other.number not in page


def test_a_deadline_due_today_says_so(login, volunteer):
    """It read 还剩0个工作日."""
    CaseFactory(registered_by=volunteer, acceptance_due=datetime.date(2026, 11, 2))  # the suite's today
    page = login(volunteer).get("/deadlines/").content.decode()
    assert "今天到期" in page and "还剩0个工作日" not in page and "尚未指派调解员" in page


@pytest.mark.parametrize("role", ["volunteer", "mediator", "supervisor"])
def test_the_deadlines_pages_count_opens_a_list_the_user_may_see(request, login, role):
    """The count of overdue cases linked to the figures' list, a supervisor's page: 403 for the others."""
    user = request.getfixturevalue(role)
    CaseFactory(registered_by=user, acceptance_due=datetime.date(2026, 10, 30))
    client = login(user)
    url = client.get("/deadlines/").context["overdue_url"]
    listed = client.get(url)
    assert listed.status_code == 200 and listed.context["page"].paginator.count >= 1


def test_an_unknown_page_is_a_chinese_404(login, supervisor):
    response = login(supervisor).get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_no_page_changes_a_case_on_get(login, register, supervisor):
    case = register()
    client = login(supervisor)
    for url in ("/", "/cases/", f"/cases/{case.pk}/", "/deadlines/", "/supervisor/board/"):
        assert client.get(url).status_code == 200
    assert Case.objects.get().updated_at == case.updated_at


def test_roles_see_only_their_pages(login, volunteer, mediator):
    assert login(volunteer).get("/supervisor/board/").status_code == 403
    assert login(mediator).get("/supervisor/board/").status_code == 403


def test_a_nul_character_in_the_employer_lookup_is_not_a_server_error(client, volunteer):
    client.force_login(volunteer)
    response = client.get("/employers/lookup/?q=%E6%9F%90%00%E6%9F%90")
    assert response.status_code == 200

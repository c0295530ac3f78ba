"""Every step has one screen, the case page: the inbox opens it with the task's forms ready, a
stale task link leads there with a note, and viewflow's own pages are not served (their old
addresses lead to the desk; a hidden case's answer 404, the desk's page)."""

import pytest
from viewflow.workflow.status import STATUS

from casedesk.cases import steps, transitions
from casedesk.cases.choices import Status
from workflows.inbox import url_of

from ..conftest import unchanged
from .conftest import open_task, open_tasks, process_of, tasks

pytestmark = pytest.mark.django_db


def details(page, element_id):
    """The opening tag of the <details> or <li> with `element_id` (raises if it is not on the page)."""
    start = page.index(f'id="{element_id}"')
    return page[page.rindex("<", 0, start):page.index(">", start) + 1]


def test_a_task_of_the_inbox_opens_the_case_page_with_its_form_ready(register, mediator, login):
    case = register()
    task = open_task(case, "decide_acceptance")

    assert url_of(task) == f"/cases/{case.pk}/?task={task.pk}#task"
    response = login(mediator).get(url_of(task))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="task"' in page and "决定是否受理" in page
    assert " open" in details(page, "action-accept")  # the first of the task's actions, ready
    assert 'href="#action-accept"' in page and 'href="#action-withdraw"' not in page  # the mediator may not withdraw
    assert "action-reject" not in page  # a mediator may not reject: not offered, as everywhere on the page


def test_the_case_page_without_a_task_opens_no_form(register, mediator, login):
    case = register()
    page = login(mediator).get(f"/cases/{case.pk}/").content.decode()

    assert 'id="task"' not in page and " open" not in details(page, "action-accept")


def test_a_stale_task_link_leads_to_the_case_page_with_a_note(register, mediator, supervisor, committed, login):
    case = register()
    task = open_task(case, "decide_acceptance")
    with committed():
        transitions.perform(case, "accept", supervisor)

    response = login(mediator).get(url_of(task))
    page = response.content.decode()
    assert response.status_code == 200
    assert "「决定是否受理」已经办理" in page and 'role="status"' in page
    assert "no transition" not in page and "DONE" not in page


def test_a_task_that_is_not_this_users_to_do_says_so(agreed, mediator, login):
    case = agreed()
    task = open_task(case, "close_settled")  # a supervisor's

    page = login(mediator).get(url_of(task)).content.decode()
    assert "您现在不能办理本案的「不经司法确认结案」" in page
    assert " open" not in details(page, "action-apply_confirmation")


def test_another_cases_task_number_is_ignored(register, mediator, login):
    first, second = register(), register(employer={"name": "某某物流有限公司", "uscc": "", "address": "", "contact_phone": ""})
    task = open_task(first, "decide_acceptance")

    page = login(mediator).get(f"/cases/{second.pk}/?task={task.pk}").content.decode()
    assert 'id="task"' not in page
    assert login(mediator).get(f"/cases/{second.pk}/?task=nonsense").status_code == 200


def test_the_checklist_of_mediation_is_on_the_case_page(mediating, mediator, volunteer, login, do_task):
    case = mediating()
    page = login(mediator).get(url_of(open_task(case, "gather_evidence"))).content.decode()
    for step in ("evidence_gathered", "session_scheduled", "employer_notified"):
        assert f'id="step-{step}"' in page
    assert 'href="#step-evidence_gathered"' in page

    do_task(case, "gather_evidence", mediator, note="工资条三张")

    assert open_tasks(case) == ["notify_employer", "record_outcome", "schedule_session"]
    page = login(mediator).get(f"/cases/{case.pk}/").content.decode()
    assert 'class="done"' in details(page, "step-evidence_gathered")
    assert 'class="pending"' in details(page, "step-employer_notified")
    assert f'/cases/{case.pk}/steps/evidence_gathered/' not in page  # done: no form again
    steps.record(case, "session_scheduled", mediator, scheduled_for="2026-11-05T09:30", place="调解室")
    page = login(mediator).get(f"/cases/{case.pk}/").content.decode()
    assert 'class="done"' in details(page, "step-session_scheduled")
    assert f'/cases/{case.pk}/steps/session_scheduled/' in page  # another session may be scheduled
    shown = login(volunteer).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="checklist"' in shown and "/steps/employer_notified/" not in shown  # the volunteer sees progress only


def test_bad_data_on_a_checklist_step_answers_400_with_its_form_open(mediating, mediator, committed, login):
    case = mediating()
    with unchanged(case), committed():
        response = login(mediator).post(f"/cases/{case.pk}/steps/session_scheduled/", {"place": "调解室"})

    page = response.content.decode()
    assert response.status_code == 400 and " open" in page[page.index('id="step-session_scheduled"'):][:2000]
    assert open_task(case, "schedule_session").status == STATUS.ASSIGNED


def test_a_checklist_step_after_mediation_is_refused_with_409(mediating, mediator, walk, committed, login):
    case = walk(mediating(), ("record_failure", mediator, {"reason": "用人单位拒绝调解"}))
    with unchanged(case), committed():
        response = login(mediator).post(f"/cases/{case.pk}/steps/evidence_gathered/", {"note": "迟到的证据"})
    assert response.status_code == 409


@pytest.mark.parametrize("address", ["/workflow/", "/workflow/mediation/", "/workflow/mediation/inbox/",
                                     "/workflow/mediation/queue/", "/workflow/mediation/chart/",
                                     "/workflow/mediation/flows/"])
def test_viewflows_dashboard_leads_to_the_desks_task_list(address, register, supervisor, mediator, volunteer, login):
    register()
    for user in (supervisor, mediator, volunteer):
        response = login(user).get(address)
        assert response.status_code == 302 and response.url == "/tasks/", (user, address)


def test_an_old_task_address_leads_to_the_case_page(register, mediator, login):
    case = register()
    task, process = open_task(case, "decide_acceptance"), process_of(case)
    old = f"/workflow/mediation/{process.pk}/decide_acceptance/{task.pk}/"

    for suffix in ("", "execute/", "assign/", "detail/"):
        response = login(mediator).get(old + suffix)
        assert response.status_code == 302 and response.url == url_of(task), suffix
    response = login(mediator).get(f"/workflow/mediation/{process.pk}/")
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/"


def test_an_old_address_of_a_hidden_case_answers_the_desks_404(mediating, other_mediator, login):
    case = mediating()
    task, process = open_task(case, "record_outcome"), process_of(case)

    for url in (f"/workflow/mediation/{process.pk}/", f"/workflow/mediation/{process.pk}/record_outcome/{task.pk}/",
                f"/workflow/mediation/{process.pk}/record_outcome/{task.pk + 1000}/", "/workflow/mediation/99999/"):
        response = login(other_mediator).get(url)
        assert response.status_code == 404, url
        assert "页面不存在" in response.content.decode() or "找不到" in response.content.decode()


def test_an_old_address_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get("/workflow/mediation/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_posting_to_an_old_task_address_changes_nothing(register, mediator, login):
    case = register()
    task, process = open_task(case, "decide_acceptance"), process_of(case)
    with unchanged(case):
        response = login(mediator).post(f"/workflow/mediation/{process.pk}/decide_acceptance/{task.pk}/execute/",
                                        {"transition": "accept"})
    assert response.status_code == 302 and case.status == Status.SUBMITTED
    assert [t.status for t in tasks(case, node="decide_acceptance")] == [STATUS.NEW]

"""One screen per step, in a real browser: a task of the inbox (我的待办) opens the case page with
its form open and in view; doing it there completes the task; the mediation checklist ticks its
steps; a stale task link lands on the case page with a note; the 403 and 404 pages are the desk's.
Screenshots at 1366 and 400 px go to var/screenshots/ (steps-*)."""

import re

import pytest
from playwright.sync_api import expect
from viewflow.workflow.status import STATUS

from ..workflows.conftest import open_task, open_tasks, tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_task_opens_the_case_page_ready_and_is_done_there(desk, shoot, register, mediator):
    case = register()
    page = desk(mediator)
    inbox = page.locator("#my-tasks")
    expect(inbox).to_contain_text("决定是否受理")
    shoot(page, "steps-inbox")

    inbox.get_by_role("link", name="决定是否受理").click()
    expect(page).to_have_url(f"{page.url.split('/cases/')[0]}/cases/{case.pk}/?task={open_task(case, 'decide_acceptance').pk}#task")
    expect(page.locator("#task")).to_contain_text("决定是否受理")
    form = page.locator("#action-accept form")
    expect(form).to_be_visible()
    shoot(page, "steps-task-on-case-page")

    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    case.refresh_from_db()
    assert case.status == "accepted" and [t.status for t in tasks(case, node="decide_acceptance")] == [STATUS.DONE]
    page.goto("/")
    expect(page.locator("#my-tasks")).not_to_contain_text(case.number)


def test_the_mediation_checklist_is_done_on_the_case_page(desk, shoot, mediating, mediator):
    case = mediating()
    page = desk(mediator)
    page.locator("#my-tasks").get_by_role("link", name="收集证据").click()
    item = page.locator("#step-evidence_gathered")
    expect(item.locator("form")).to_be_visible()
    item.locator("textarea, input[type=text]").first.fill("工资条三张、考勤记录一份")
    with page.expect_navigation():
        item.locator("button[type=submit]").click()

    expect(page.locator("#step-evidence_gathered")).to_have_class("done")
    expect(page.locator("#step-session_scheduled")).to_have_class("pending")
    shoot(page, "steps-checklist")
    assert "gather_evidence" not in open_tasks(case)


def test_a_stale_task_link_and_the_error_pages_are_the_desks(desk, shoot, register, mediator, supervisor):
    case = register()
    stale = f"/cases/{case.pk}/?task={open_task(case, 'decide_acceptance').pk}#task"
    page = desk(supervisor)
    page.goto(stale)
    with page.expect_navigation():  # the supervisor does it first, from the same link (the form is open)
        page.locator("#action-accept button[type=submit]").click()

    page = desk(mediator)
    page.goto(stale)
    expect(page.locator("#task")).to_contain_text("「决定是否受理」已经办理")
    shoot(page, "steps-stale-task")
    page.goto("/workflow/mediation/")
    expect(page).to_have_url(re.compile(r"^http://[^/]+/tasks/$"))

    response = page.goto("/reports/stats/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("无权访问")
    shoot(page, "steps-403")
    response = page.goto("/no/such/page/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")
    shoot(page, "steps-404")

"""The Content-Security-Policy in a real browser: every page each role reaches, and the pages that run
scripts (registration's live checks, the case page, the charts), raise no CSP violation and log no
console error.

The pages are found by following links from home with Django's test client; chromium then opens
each and reports any `securitypolicyviolation` event (listened for before the page's own scripts
run) and any console error or uncaught exception.
"""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from casedesk.cases import identifiers
from casedesk.cases.models import Case

from ..factories import PASSWORD, UserFactory
from ..whole_site.test_headers import crawl
from .conftest import open_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(browser, browser_context_args, live_server):
    """watched(user or None) → (page, problems): a browser page whose CSP violations and console
    errors are gathered, per path, in `problems` (a dict) by `visit(page, path)`."""
    contexts = []

    def _open(user):
        context = open_context(browser, browser_context_args, live_server)
        context.add_init_script(LISTEN)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        page.problems = {}
        page.errors = []
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
        page.on("pageerror", lambda error: page.errors.append(f"uncaught: {error}"))
        return page

    yield _open
    for context in contexts:
        context.close()


def visit(page, path, expect_status=200):
    response = page.goto(path)
    assert response.status == expect_status, path
    page.wait_for_load_state("load")
    if expect_status != 200:  # chromium logs the page's own status as an error
        page.errors[:] = [e for e in page.errors if f"status of {expect_status}" not in e]
    settle(page, path)


def settle(page, label):
    """Record what went wrong on the page since the last call, under `label`."""
    page.wait_for_timeout(150)  # a violation event is dispatched asynchronously
    found = page.evaluate("window.__cspViolations.splice(0)") + page.errors
    page.errors.clear()
    if found:
        page.problems[label] = found


def report(problems):
    return "\n".join(f"{path}: {found}" for path, found in problems.items())


@pytest.fixture
def people(volunteer, mediator, supervisor):
    return {"volunteer": volunteer, "mediator": mediator, "supervisor": supervisor}


@pytest.fixture
def cases(people, register, walk, django_capture_on_commit_callbacks):
    """A new case, one waiting for a mediator and one in mediation (with its workflow tasks)."""
    volunteer, mediator, supervisor = people["volunteer"], people["mediator"], people["supervisor"]
    with django_capture_on_commit_callbacks(execute=True):
        register(actor=volunteer)
        walk(register(actor=volunteer, workers=2), ("accept", mediator, {}))
        walk(register(actor=volunteer, workers=3), ("accept", mediator, {}),
             ("assign", supervisor, {"mediator": mediator.pk}))
    return list(Case.objects.order_by("pk"))


def pages_of(user, extra=()):
    client = Client()
    client.force_login(user)
    found = crawl(client, start=("/", *extra), depth=2)
    return sorted(p for p, r in found.items() if r.status_code == 200 and r["Content-Type"].startswith("text/html"))


@pytest.mark.parametrize("role", ["volunteer", "mediator", "supervisor"])
def test_every_page_of_each_role_runs_under_the_policy(role, watched, people, cases):
    user = people[role]
    extra = [f"/reports/cases/{cases[-1].pk}/timeline/"] if role == "supervisor" else []
    paths = pages_of(user, extra)
    assert len(paths) >= 8
    page = watched(user)
    for path in paths:
        visit(page, path)
    assert not page.problems, report(page.problems)


def test_scripts_still_work_under_the_policy(watched, people, cases):
    """Registration's live checks, the case page's instalment rows, the charts, the keep-alive."""
    volunteer = watched(people["volunteer"])
    visit(volunteer, "/cases/new/")
    good = identifiers.make_resident_id("330102", datetime.date(1990, 3, 8), 11)
    volunteer.fill("#id_applicants-0-id_number", good[:-1] + ("0" if good[-1] != "0" else "1"))
    volunteer.locator("#id_applicants-0-id_number").blur()
    expect(volunteer.locator("#id_applicants-0-id_number_error")).not_to_be_empty()
    volunteer.click("#applicants .add-row")
    expect(volunteer.locator("#id_applicants-1-name")).to_be_visible()
    volunteer.fill("#id_employer-name", "某某")
    settle(volunteer, "/cases/new/ (typing)")
    assert not volunteer.problems, report(volunteer.problems)

    supervisor = watched(people["supervisor"])
    visit(supervisor, "/reports/stats/?from=2026-01-01&to=2026-12-31")
    supervisor.wait_for_function("document.querySelector('#chart-categories').width > 0")
    visit(supervisor, f"/reports/cases/{cases[-1].pk}/timeline/")
    expect(supervisor.locator("svg.axis .mark").first).to_be_attached()
    visit(supervisor, "/supervisor/board/")
    assert supervisor.locator(".load-bar.load-1").count() == 1
    supervisor.evaluate("window.fetch('/keepalive/', {method: 'POST', headers: {'X-CSRFToken':"
                        " document.querySelector('input[name=csrfmiddlewaretoken]').value}})")
    settle(supervisor, "/supervisor/board/ (keep-alive)")
    assert not supervisor.problems, report(supervisor.problems)


def test_the_pages_without_a_login_run_under_the_policy(watched, people, shoot):
    page = watched(None)
    visit(page, "/login/")
    shoot(page, "login")
    visit(page, "/verify/NOSUCHCODE/", expect_status=404)
    page.goto("/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.fill("#id_username", people["volunteer"].username)
        page.fill("#id_password", "not-the-password")
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
    expect(page.locator("#lockout")).to_be_visible()
    page.errors[:] = [e for e in page.errors if "status of 429" not in e]  # the lockout page's own status
    settle(page, "/login/ (lockout)")
    shoot(page, "lockout")
    assert not page.problems, report(page.problems)


def test_logging_in_through_the_page_works_under_the_policy(watched, people, live_server, shoot):
    page = watched(None)
    visit(page, "/login/")
    page.fill("#id_username", people["mediator"].username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    settle(page, "/ (after login)")
    visit(page, "/password/")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "12345678")
    page.fill("#id_new_password2", "12345678")
    page.click("#password-change button[type=submit]")
    expect(page.locator("#password-change .field-error").first).to_be_visible()
    page.errors[:] = [e for e in page.errors if "status of 400" not in e]  # the refused form's own status
    settle(page, "/password/ (refused)")
    shoot(page, "password-change-refused")
    assert not page.problems, report(page.problems)


def test_the_admin_runs_under_its_policy(watched):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    page = watched(admin)
    for path in ("/admin/", "/admin/auth/user/", "/admin/auth/user/add/", f"/admin/auth/user/{admin.pk}/change/"):
        visit(page, path)
    assert not page.problems, report(page.problems)

"""No English page, no dead end, no sideways scroll: for each role, a real browser follows every
same-site link reachable from home (three clicks deep, a few hundred pages, downloads left out) on
a desk with a case in every state, the workflow's tasks, a consultation and an outreach event.

Each page is opened at phone width (400 px) and fails the test when it answers a server error,
shows a word of viewflow's or Django's English interface, or scrolls sideways. Every failure is
reported at once, with its page.
"""

import datetime
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Error as PlaywrightError

from casedesk.cases import clock, steps
from casedesk.cases.choices import Status
from casedesk.consultations import services as consultation_services
from casedesk.outreach import services as outreach_services
from workflows.inbox import url_of

from ..consultations.conftest import consultation_body
from ..outreach.conftest import event_body
from ..workflows.conftest import tasks
from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# viewflow's and Django's own English interface, as a user would meet it.
ENGLISH = re.compile(
    r"\b(Dashboard|Inbox|Queue|Applications|Access Forbidden|Log in as another user|Page not found|Not Found|"
    r"Forbidden|Server Error|Method Not Allowed|Bad Request|Start ::|Assign|Unassign|Take this task|Processes|"
    r"no transition from|Django Material|Log out|Log in|Cancel|Save|Submit|Undo|Next page|Previous page)\b"
)
SKIP = re.compile(r"\.(pdf|csv|xlsx|ics|zip)$|/pdf/|/print/$|/download/|/export/|^/logout/|^/api/|^/calendar/|^/static/|^/admin/")
DEPTH = 3
MOST_PAGES = 300
VARIANTS_PER_PATH = 4  # the same page under other filters and pages of a list, at most this many times

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
LINKS = "els => els.map(e => e.getAttribute('href'))"


def an_hour_ago():
    return (clock.now() - datetime.timedelta(hours=1)).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def busy_desk(case_at, court_case, mediating, volunteer, mediator, supervisor):
    """A case in every state (the spine's paths), a court-delegated one, a mediation half done (a
    session recorded, evidence gathered), a consultation and an outreach event."""
    cases = {state: case_at(state) for state in Status}
    court_case()
    case = mediating(workers=3)
    steps.record(case, "evidence_gathered", mediator, note="工资条三张")
    steps.record(case, "record_session", mediator, held_at=an_hour_ago(), place="县总工会调解室",
                 present="双方当事人", statements="双方陈述。")
    outreach_services.record_event(actor=supervisor, data=event_body())
    for user in (volunteer, mediator):
        consultation_services.record_consultation(actor=user, data=consultation_body())
    # A stale task link: the acceptance decision of a case that has moved on, at viewflow's old address.
    (done,) = tasks(cases[Status.MEDIATING], node="decide_acceptance")
    return [f"/workflow/mediation/{done.process_id}/decide_acceptance/{done.pk}/execute/", url_of(done)]


def same_site(href, base):
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.scheme and f"{parts.scheme}://{parts.netloc}" != base:
        return None
    path = parts.path if parts.path.startswith("/") else None
    if path is None or SKIP.search(path):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


# Beside home, the addresses a user may type or keep: viewflow's old ones, the supervisors' pages,
# a page that does not exist, a button's address opened directly.
ALSO = ("/workflow/", "/workflow/mediation/", "/workflow/mediation/inbox/", "/reports/stats/", "/reports/annual/",
        "/reports/access-log/", "/no/such/page/", "/cases/1/actions/accept/")


def crawl(page, base, also=()):
    """{url: [problems]} for every page reachable from home (and ALSO), and how many were opened."""
    problems, seen, variants, frontier = {}, set(), {}, ["/", *ALSO, *also]
    for _depth in range(DEPTH + 1):
        following = []
        for url in (u.split("#")[0] for u in frontier):
            path = url.split("?")[0]
            if url in seen or len(seen) >= MOST_PAGES or variants.get(path, 0) >= VARIANTS_PER_PATH:
                continue
            seen.add(url)
            variants[path] = variants.get(path, 0) + 1
            try:
                response = page.goto(url)
            except PlaywrightError as exc:  # chromium shows its own error page for an empty error answer
                problems[url] = [f"no page: {str(exc).splitlines()[0]}"]
                continue
            found = []
            if response is None or response.status >= 500:
                found.append(f"answered {response and response.status}")
            elif response.status >= 400 and not page.locator("header.topbar").count():
                found.append(f"answered {response.status} without the desk's page")
            text = page.evaluate("document.title + '\\n' + document.body.innerText")
            found += [f"English: {m.group(0)!r}" for m in ENGLISH.finditer(text)]
            wider = page.evaluate(SIDEWAYS)
            if wider > 0:
                found.append(f"scrolls sideways by {wider} px at {PHONE['width']} px")
            if found:
                problems[url] = found
            for href in page.eval_on_selector_all("a[href]", LINKS):
                target = same_site(href, base)
                if target and target not in seen:
                    following.append(target)
        frontier = following
    return problems, len(seen)


@pytest.mark.parametrize("role", ["volunteer", "mediator", "supervisor"])
def test_no_page_a_role_reaches_is_english_a_dead_end_or_wider_than_a_phone(role, request, desk, busy_desk,
                                                                             live_server):
    page = desk(request.getfixturevalue(role))
    page.set_viewport_size(PHONE)
    problems, opened = crawl(page, live_server.url, also=busy_desk)

    print(f"\nFIGURES crawl role={role}: {opened} pages")
    assert opened >= 25
    assert problems == {}, "\n".join(f"{url}: {'; '.join(found)}" for url, found in sorted(problems.items()))


def test_the_crawl_sees_english_and_sideways_scroll(desk, mediator, live_server):
    """The crawl is not blind: an English word and a too-wide element are found."""
    page = desk(mediator)
    page.set_viewport_size(PHONE)
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p>Access Forbidden</p>')")
    assert ENGLISH.search(page.evaluate("document.body.innerText"))
    page.evaluate("(() => { const d = document.createElement('div'); d.style.width = '900px'; d.textContent = 'x';"
                  " document.body.append(d); })()")
    assert page.evaluate(SIDEWAYS) > 0


def test_the_case_list_is_cards_on_a_phone(desk, shoot, case_at, supervisor):
    """At 400 px each case is a card: its number on one line, the worker, employer and state labelled."""
    for state in (Status.SUBMITTED, Status.MEDIATING, Status.CLOSED):
        case_at(state)
    page = desk(supervisor)
    page.set_viewport_size(PHONE)
    page.goto("/cases/")
    numbers = page.locator("table.cases td.case-number a")
    assert numbers.count() == 3
    for i in range(3):
        assert numbers.nth(i).evaluate("a => a.getClientRects().length") == 1  # one line, not wrapped
    assert page.locator("table.cases thead").is_hidden()
    assert page.evaluate(SIDEWAYS) <= 0
    page.set_viewport_size(DESKTOP)
    shoot(page, "steps-case-list")

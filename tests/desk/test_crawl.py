"""For each role, every page linked from home answers without a server error."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = set()

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/") and not href.startswith("//"):
            self.hrefs.add(href.split("#", 1)[0])


def links_on(html):
    parser = Links()
    parser.feed(html)
    return parser.hrefs


@pytest.fixture
def cases_in_every_corner(register, walk, volunteer, mediator, supervisor, django_capture_on_commit_callbacks):
    """A new case, one waiting for a mediator, one in mediation and one closed, all the volunteer's;
    what follows each commit (workflow tasks, documents) runs too, so that home links to it."""
    with django_capture_on_commit_callbacks(execute=True):
        _make_cases(register, walk, mediator, supervisor)


def _make_cases(register, walk, mediator, supervisor):
    register()
    walk(register(workers=2), ("accept", mediator, {}))
    walk(register(workers=3), ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}))
    walk(register(channel="walk_in", applicants=[{"name": "赵六", "id_type": "none", "employment_form": "platform"}]),
         ("reject", supervisor, {"reason": "不属于受理范围"}), ("close", supervisor, {}))


@pytest.mark.parametrize("role", ["volunteer", "mediator", "supervisor"])
def test_every_page_linked_from_home_answers(role, request, login, cases_in_every_corner):
    client = login(request.getfixturevalue(role))
    home = client.get("/")
    assert home.status_code == 200
    hrefs = links_on(home.content.decode())
    assert any(h.startswith("/cases/") for h in hrefs)
    failures = {}
    for href in sorted(hrefs):
        response = client.get(href)
        if response.status_code >= 500:
            failures[href] = response.status_code
    assert failures == {}
    assert len(hrefs) >= 5
    if role != "volunteer":
        assert any(h.startswith("/cases/") and "?task=" in h for h in hrefs), "no task of the inbox on home"

"""Security headers on every page, no inline script or style in what the desk serves, and the
HTTPS deployment settings that `check --deploy` asks for."""

import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import Client

from casedesk.desk import content_policy

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy_of(response):
    header = response.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy"
    return {name: value for name, _sp, value in (d.strip().partition(" ") for d in header.split(";") if d.strip())}


class Page(HTMLParser):
    """What of a page would need 'unsafe-inline' (or is a CSRF hole): inline code, links, forms."""

    def __init__(self):
        super().__init__()
        self.inline, self.hrefs, self.post_forms, self._form = [], set(), [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.inline.append("<script> without src")  # json_script data is not run, so CSP allows it
        if tag == "style":
            self.inline.append("<style>")
        for name, value in attrs.items():
            if name == "style":
                self.inline.append(f"style= on <{tag}>")
            if name.startswith("on"):
                self.inline.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.inline.append(f"javascript: URL on <{tag}>")
        if tag == "a" and (attrs.get("href") or "").startswith("/") and not attrs["href"].startswith("//"):
            self.hrefs.add(attrs["href"].split("#", 1)[0])
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action"), "token": False}
            self.post_forms.append(self._form)
        if tag == "input" and self._form is not None and attrs.get("name") == "csrfmiddlewaretoken" and attrs.get("value"):
            self._form["token"] = True

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def parse(response):
    page = Page()
    page.feed(response.content.decode())
    return page


@pytest.fixture
def desk_cases(register, walk, mediator, supervisor, django_capture_on_commit_callbacks):
    """A new case, one waiting for a mediator, one in mediation, with their workflow tasks."""
    with django_capture_on_commit_callbacks(execute=True):
        register()
        walk(register(workers=2), ("accept", mediator, {}))
        walk(register(workers=3), ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}))


SKIP = (".csv", ".pdf", "/pdf/", ".xlsx", "/download/", "/export/")


def crawl(client, start=("/",), depth=2):
    """Pages reachable from `start` in `depth` clicks: {path: response} (downloads left out)."""
    seen, frontier = {}, list(start)
    for _level in range(depth):
        following = []
        for path in frontier:
            if path in seen or any(s in path for s in SKIP) or path.startswith("/logout"):
                continue
            response = client.get(path)
            seen[path] = response
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                following += sorted(parse(response).hrefs)
        frontier = following
    return seen


def html_pages(pages):
    return {p: r for p, r in pages.items() if r["Content-Type"].startswith("text/html")}


def assert_safe(pages):
    problems = {}
    for path, response in pages.items():
        found = []
        if response.get("X-Frame-Options") != "DENY":
            found.append("X-Frame-Options")
        if response.get("X-Content-Type-Options") != "nosniff":
            found.append("nosniff")
        if response.get("Referrer-Policy") != "same-origin":
            found.append("Referrer-Policy")
        policy = policy_of(response)
        relaxed = content_policy.relaxation_for(response)
        expected = {**STRICT, **{d: " ".join(["'self'", *extra]) for d, extra in (relaxed or {}).items()}}
        found += [f"{d}: {policy.get(d)}" for d, v in expected.items() if policy.get(d) != v]
        if response["Content-Type"].startswith("text/html"):
            page = parse(response)
            found += [] if relaxed else page.inline
            found += [f"POST form to {f['action']} without a CSRF token" for f in page.post_forms if not f["token"]]
        if found:
            problems[path] = found
    assert problems == {}


@pytest.mark.parametrize("role", ["volunteer", "mediator", "supervisor"])
def test_every_page_of_each_role_sends_the_headers_and_no_inline_code(role, request, client, desk_cases):
    client.force_login(request.getfixturevalue(role))
    pages = crawl(client, start=("/",))
    html = html_pages(pages)
    assert len(html) >= 8
    assert any(p.startswith("/cases/") for p in html)
    assert_safe(html)
    forms = sum(len(parse(r).post_forms) for r in html.values())
    assert forms >= 3


def test_no_page_relaxes_the_content_policy(client, supervisor, desk_cases):
    """viewflow's own pages, the one relaxation (inline styles), are no longer served."""
    client.force_login(supervisor)
    pages = html_pages(crawl(client, start=("/", "/workflow/mediation/")))
    assert [p for p, r in pages.items() if content_policy.relaxation_for(r)] == []
    assert all(policy_of(r)["style-src"] == "'self'" for r in pages.values())


def test_pages_without_a_login_send_the_headers_and_no_inline_code(client, volunteer):
    pages = {path: client.get(path) for path in ("/login/", "/verify/NOSUCHCODE/", "/no/such/page/", "/apply/",
                                                 "/track/")}
    pages["/login/ (lockout)"] = None
    for _ in range(5):
        pages["/login/ (lockout)"] = client.post("/login/", {"username": volunteer.username, "password": "wrong-guess-1"})
    assert [r.status_code for r in pages.values()] == [200, 404, 404, 200, 200, 429]
    assert_safe(pages)


def test_the_csrf_refusal_and_password_pages_send_the_headers(volunteer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)
    pages = {"/password/": client.get("/password/"), "/logout/ (no token)": client.post("/logout/")}
    assert [r.status_code for r in pages.values()] == [200, 403]
    assert_safe(pages)


def test_the_api_sends_the_headers(api, volunteer):
    response = Client().post("/api/auth/token/", {"username": volunteer.username, "password": PASSWORD},
                             content_type="application/json")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    assert policy_of(response)["default-src"] == "'self'"


def test_the_admin_sends_the_headers(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    pages = {path: client.get(path) for path in ("/admin/", "/admin/auth/user/", "/admin/auth/user/add/")}
    assert [r.status_code for r in pages.values()] == [200, 200, 200]
    assert_safe(pages)


# --- HTTPS ---------------------------------------------------------------------------------------

def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("CASEDESK_", "DJANGO_"))}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=environment,
                          capture_output=True, text=True, timeout=120)


DEPLOYED = {
    "CASEDESK_HTTPS": "1",
    "CASEDESK_DEBUG": "0",
    "CASEDESK_SECRET_KEY": secrets.token_urlsafe(64),
    "CASEDESK_FIELD_KEY": Fernet.generate_key().decode(),
    "CASEDESK_ALLOWED_HOSTS": "casedesk.example.org",
}


def test_check_deploy_finds_nothing_with_https_on():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **DEPLOYED)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_complains_without_https():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **{**DEPLOYED, "CASEDESK_HTTPS": "0"})
    assert result.returncode != 0
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


SHOW = (
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_HTTPONLY)"
)


def last_line(result):
    return result.stdout.strip().splitlines()[-1].split() if result.stdout.strip() else result.stderr


def test_https_on_marks_cookies_secure_and_sends_hsts():
    result = run_manage("shell", "-c", SHOW, **DEPLOYED)
    assert last_line(result) == ["True", "True", "True", "31536000", "True", "True", "True"], result.stderr


def test_without_https_the_cookies_work_over_plain_http(volunteer):
    result = run_manage("shell", "-c", SHOW)
    assert last_line(result) == ["False", "False", "False", "0", "False", "False", "True"], result.stderr
    client = Client()
    response = client.post("/login/", {"username": volunteer.username, "password": PASSWORD})
    assert response.status_code == 302
    assert not response.cookies[settings.SESSION_COOKIE_NAME]["secure"]
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
    assert "Strict-Transport-Security" not in client.get("/").headers
    assert client.get("/").status_code == 200


def test_https_on_sends_hsts_and_redirects_plain_http(settings, volunteer):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert Client().get("/login/").status_code == 301
    response = Client().get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

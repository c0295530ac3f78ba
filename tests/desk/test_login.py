"""Logging in: password guessing locked per (user name, client address), strong passwords, sessions
that end, CSRF on every form.

Pages are read in the desk's language (zh-hans); the desk's own messages are compared with their
gettext translation, Django's own (password validators) with the Chinese Django ships.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.utils.translation import gettext, override

from casedesk.cases import clock
from casedesk.demo.management.commands.load_demo import ensure_users, load_fixture
from casedesk.web import lockout

from ..conftest import NOW
from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.7"  # one office: everyone behind one NAT address
ELSEWHERE = "198.51.100.23"


def zh(msgid):
    with override("zh-hans"):
        return gettext(msgid)


def web_login(username, password, address=OFFICE, client=None):
    client = client or Client(REMOTE_ADDR=address)
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def api_login(username, password, address=OFFICE):
    return Client().post(
        "/api/auth/token/", {"username": username, "password": password},
        content_type="application/json", REMOTE_ADDR=address,
    )


def logged_in(response):
    return response.status_code == 302 and response.url == "/"


def fail(username, times, address=OFFICE, via=web_login):
    return [via(username, "wrong-password-1", address) for _ in range(times)][-1]


# --- lockout -------------------------------------------------------------------------------------

def test_a_wrong_password_says_so_and_is_counted(volunteer):
    response = web_login(volunteer.username, "wrong-password-1")
    assert response.status_code == 200
    assert zh("The user name or password is wrong.") in response.content.decode()
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (volunteer.username, OFFICE, 1)
    assert "wrong-password-1" not in attempt.post_data


def test_the_fifth_wrong_password_locks_that_user_name_from_that_address(volunteer):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert fail(volunteer.username, 4).status_code == 200
    response = fail(volunteer.username, 1)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    page = response.content.decode()
    assert zh("Logging in is paused") in page and 'lang="zh-Hans"' in page
    assert 'id="lockout"' in page and "15" in page


def test_a_locked_user_name_is_refused_even_with_the_right_password(volunteer):
    fail(volunteer.username, 5)
    client = Client()
    response = web_login(volunteer.username, PASSWORD, client=client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_colleague_behind_the_same_address_can_still_log_in(volunteer, mediator):
    fail(volunteer.username, 5)
    assert logged_in(web_login(mediator.username, PASSWORD))


def test_the_same_user_from_another_address_can_still_log_in(volunteer):
    fail(volunteer.username, 5)
    assert logged_in(web_login(volunteer.username, PASSWORD, address=ELSEWHERE))


def test_a_successful_login_clears_the_count(volunteer):
    fail(volunteer.username, 4)
    assert logged_in(web_login(volunteer.username, PASSWORD))
    assert fail(volunteer.username, 4).status_code == 200
    assert logged_in(web_login(volunteer.username, PASSWORD))


def test_the_lock_lifts_after_fifteen_minutes(volunteer):
    fail(volunteer.username, 5)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=14))
    assert web_login(volunteer.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=16))
    assert logged_in(web_login(volunteer.username, PASSWORD))


def test_every_attempt_during_the_lock_starts_the_wait_again(volunteer):
    fail(volunteer.username, 5)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=14))
    assert web_login(volunteer.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=2))
    assert web_login(volunteer.username, PASSWORD).status_code == 429


def test_axes_reset_username_unlocks_at_once(volunteer):
    fail(volunteer.username, 5)
    call_command("axes_reset_username", volunteer.username, stdout=io.StringIO())
    assert logged_in(web_login(volunteer.username, PASSWORD))


def test_the_api_token_endpoint_locks_with_a_json_429(volunteer):
    response = fail(volunteer.username, 4, via=api_login)
    assert response.status_code == 400
    response = fail(volunteer.username, 1, via=api_login)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "900"
    body = response.json()
    assert body["error"] == "locked_out"
    assert body["detail"] == zh(
        "Too many failed log-ins for this user name from this computer's network. Logging in is "
        "paused for %(minutes)s minutes; every further attempt starts the wait again."
    ) % {"minutes": 15}
    assert api_login(volunteer.username, PASSWORD).status_code == 429
    assert api_login(volunteer.username, PASSWORD, address=ELSEWHERE).status_code == 200


def test_the_web_and_the_api_share_one_count(volunteer):
    fail(volunteer.username, 3)
    fail(volunteer.username, 2, via=api_login)
    assert web_login(volunteer.username, PASSWORD).status_code == 429


def test_a_token_login_clears_the_count(volunteer):
    fail(volunteer.username, 4, via=api_login)
    assert api_login(volunteer.username, PASSWORD).status_code == 200
    assert AccessAttempt.objects.filter(username=volunteer.username).count() == 0


# --- the client address --------------------------------------------------------------------------

def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/login/", **extra)


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings):
    settings.CASEDESK_TRUSTED_PROXY_COUNT = 0
    assert lockout.client_address(request_from("10.0.0.9", "1.2.3.4")) == "10.0.0.9"


def test_behind_one_proxy_the_address_it_saw_counts_and_a_forged_one_does_not(settings):
    settings.CASEDESK_TRUSTED_PROXY_COUNT = 1
    assert lockout.client_address(request_from("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert lockout.client_address(request_from("127.0.0.1", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_first_proxys_entry_counts(settings):
    settings.CASEDESK_TRUSTED_PROXY_COUNT = 2
    assert lockout.client_address(request_from("10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.1")) == "203.0.113.7"


def test_a_missing_or_garbled_forwarded_address_falls_back_to_the_proxy(settings):
    settings.CASEDESK_TRUSTED_PROXY_COUNT = 1
    assert lockout.client_address(request_from("127.0.0.1")) == "127.0.0.1"
    assert lockout.client_address(request_from("127.0.0.1", "<script>")) == "127.0.0.1"


def test_forging_x_forwarded_for_does_not_escape_the_lock(volunteer, settings):
    settings.CASEDESK_TRUSTED_PROXY_COUNT = 0
    client = Client()
    for n in range(5):
        client.post("/login/", {"username": volunteer.username, "password": "nope-nope-1"},
                    REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    response = client.post("/login/", {"username": volunteer.username, "password": PASSWORD},
                           REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR="10.9.9.99")
    assert response.status_code == 429


def test_behind_a_proxy_two_offices_are_counted_apart(volunteer, settings):
    settings.CASEDESK_TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        Client().post("/login/", {"username": volunteer.username, "password": "nope-nope-1"},
                      REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE)
    locked = Client().post("/login/", {"username": volunteer.username, "password": PASSWORD},
                           REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE)
    other = Client().post("/login/", {"username": volunteer.username, "password": PASSWORD},
                          REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert (locked.status_code, logged_in(other)) == (429, True)


# --- passwords -----------------------------------------------------------------------------------

TOO_SHORT = "This password is too short: it must have at least %(min_length)d characters."
WEAK = {
    "short": ("Ab3-xy", zh(TOO_SHORT) % {"min_length": 10}),
    "digits only": ("3141592653589", "密码只包含数字。"),
    "common": ("password123", "这个密码太常见了。"),
    "like the user name": ("volunteer1x", "太相似了"),
}


@pytest.mark.parametrize("kind", sorted(WEAK))
def test_the_password_page_refuses_a_weak_password_in_chinese(kind, client, volunteer):
    password, message = WEAK[kind]
    client.force_login(volunteer)
    response = client.post("/password/", {"old_password": PASSWORD, "new_password1": password, "new_password2": password})
    assert response.status_code == 400  # refused like every desk form: the page again, the reason at the field
    assert message in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.check_password(PASSWORD)


def test_the_password_page_changes_a_strong_password_and_keeps_the_login(client, volunteer):
    client.force_login(volunteer)
    new = "Lantern-river-2026"
    response = client.post("/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}, follow=True)
    assert response.redirect_chain[-1] == ("/", 302)
    assert zh("Your password has been changed.") in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.check_password(new)
    assert client.get("/").status_code == 200


def test_the_password_page_wants_the_old_password(client, volunteer):
    client.force_login(volunteer)
    new = "Lantern-river-2026"
    response = client.post("/password/", {"old_password": "not-it-at-all", "new_password1": new, "new_password2": new})
    assert response.status_code == 400
    assert "旧密码不正确" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.check_password(PASSWORD)


def test_the_desk_header_links_to_the_password_page(client, volunteer):
    client.force_login(volunteer)
    assert 'href="/password/"' in client.get("/").content.decode()
    assert client.get("/password/").status_code == 200


def test_the_admin_refuses_a_weak_password_for_a_new_user(client):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post("/admin/auth/user/add/", {
        "username": "newcomer", "password1": "12345678", "password2": "12345678", "usable_password": "true",
    })
    assert response.status_code == 200
    assert "密码只包含数字。" in response.content.decode()
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_the_admin_refuses_a_weak_password_change(client, volunteer):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(f"/admin/auth/user/{volunteer.pk}/password/", {
        "password1": "qwerty", "password2": "qwerty", "usable_password": "true",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "这个密码太常见了。" in page and zh(TOO_SHORT) % {"min_length": 10} in page
    volunteer.refresh_from_db()
    assert volunteer.check_password(PASSWORD)


def test_the_demo_users_are_made_through_the_validators():
    specs = load_fixture("demo_users").USERS
    for spec in specs:
        password_validation.validate_password(spec["password"], get_user_model()(username=spec["username"]))
    with pytest.raises(CommandError, match="密码只包含数字"):
        ensure_users([{**specs[0], "username": "weakling", "password": "1234567890"}])
    ensure_users(specs)
    assert all(get_user_model().objects.get(username=s["username"]).check_password(s["password"]) for s in specs)


# --- sessions ------------------------------------------------------------------------------------

def test_an_expired_session_sends_the_user_to_the_login_page(client, volunteer):
    client.force_login(volunteer)
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=1))
    response = client.get("/cases/")
    assert (response.status_code, response.url) == (302, "/login/?next=/cases/")


def test_a_login_lasts_at_most_the_session_age_and_ends_with_the_browser(volunteer):
    response = web_login(volunteer.username, PASSWORD)
    session = Session.objects.get()
    lifetime = session.expire_date - datetime.datetime.now(datetime.timezone.utc)
    assert datetime.timedelta(hours=7, minutes=59) < lifetime <= datetime.timedelta(hours=8)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"]


def at(minutes):
    return clock.frozen(NOW + datetime.timedelta(minutes=minutes))


def test_a_login_left_idle_for_more_than_thirty_minutes_ends(client, volunteer):
    client.force_login(volunteer)
    with at(0):
        assert client.get("/").status_code == 200
    with at(31):
        response = client.get("/cases/")
    assert (response.status_code, response.url) == (302, "/login/?next=/cases/")
    page = client.get(response.url).content.decode()
    assert zh("You were logged out after a long time without activity. Please log in again.") in page
    assert "_auth_user_id" not in client.session


def test_a_login_in_use_stays(client, volunteer):
    client.force_login(volunteer)
    for minute in (0, 25, 50, 75, 100):
        with at(minute):
            assert client.get("/").status_code == 200


def test_typing_keeps_the_login_alive(client, volunteer):
    client.force_login(volunteer)
    with at(0):
        client.get("/cases/new/")
    with at(20):
        assert client.post("/keepalive/").status_code == 204
    with at(45):
        assert client.get("/").status_code == 200
    assert Client().post("/keepalive/").status_code == 401


def test_the_idle_limit_is_a_setting(client, volunteer, settings):
    settings.CASEDESK_IDLE_SECONDS = 5 * 60
    client.force_login(volunteer)
    with at(0):
        client.get("/")
    with at(6):
        assert client.get("/").status_code == 302


# --- CSRF ----------------------------------------------------------------------------------------

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]
POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


def post_forms_in_templates():
    found = []
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*.html")):
            for body in POST_FORM.findall(path.read_text()):
                found.append((str(path.relative_to(settings.BASE_DIR)), body))
    return found


def test_every_post_form_in_the_templates_carries_the_csrf_token():
    forms = post_forms_in_templates()
    assert len(forms) >= 8
    missing = [name for name, body in forms if "{% csrf_token %}" not in body]
    assert missing == []


def test_a_post_without_the_csrf_token_is_refused_with_a_chinese_page(volunteer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)
    response = client.post("/password/", {"old_password": PASSWORD, "new_password1": "Lantern-river-2026",
                                           "new_password2": "Lantern-river-2026"})
    assert response.status_code == 403
    page = response.content.decode()
    assert zh("The form could not be sent") in page and 'id="csrf-failure"' in page
    volunteer.refresh_from_db()
    assert volunteer.check_password(PASSWORD)


def test_the_login_form_without_the_csrf_token_is_refused(volunteer):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": volunteer.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_the_same_post_with_the_token_goes_through(volunteer):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post("/login/", {"username": volunteer.username, "password": PASSWORD,
                                       "csrfmiddlewaretoken": token})
    assert logged_in(response)

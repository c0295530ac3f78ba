"""After a burst from one address, /apply/ and /track/ ask for the characters of a picture
(django-simple-captcha, drawn here, served from the desk's own URLs) before anything else is done; a
wrong or missing answer is refused in Chinese with nothing saved."""

import re

import pytest
from captcha.models import CaptchaStore
from django.test import Client

from casedesk.cases.models import Case

from ..conftest import id_number, unchanged
from .conftest import application_post

pytestmark = pytest.mark.django_db

HIDDEN_KEY = re.compile(r'name="captcha_0" value="(\w+)"')


@pytest.fixture(autouse=True)
def _challenge_on(settings):
    settings.CASEDESK_PORTAL_APPLICATIONS_PER_HOUR = 5
    settings.CASEDESK_PORTAL_APPLY_CHALLENGE_AFTER = 2
    settings.CASEDESK_PORTAL_TRACK_FAILURES = 5
    settings.CASEDESK_PORTAL_TRACK_CHALLENGE_AFTER = 2


def challenge_of(page):
    """(key, the right answer) of the picture on `page`, or None if it shows none."""
    found = HIDDEN_KEY.search(page)
    if found is None:
        return None
    return found.group(1), CaptchaStore.objects.get(hashkey=found.group(1)).response


def two_applications(client):
    for n in (1, 2):
        assert 'id="challenge"' not in client.get("/apply/").content.decode()
        response = client.post("/apply/", application_post(name=f"赵网申{'一二'[n - 1]}", id_number=id_number(500 + n)))
        assert response.status_code == 302


def test_after_a_burst_the_application_page_shows_a_picture_from_the_desk(client):
    two_applications(client)
    response = client.get("/apply/")
    page = response.content.decode()
    assert 'id="challenge"' in page and "图中字符" in page
    image = re.search(r'<img src="(/captcha/image/\w+/)" alt="captcha" class="captcha"', page).group(1)
    picture = client.get(image)
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert picture.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "img-src 'self'" in response["Content-Security-Policy"]  # nothing from elsewhere
    # Another address is not asked.
    assert 'id="challenge"' not in client.get("/apply/", REMOTE_ADDR="10.7.7.7").content.decode()


@pytest.mark.parametrize("answer", ["", "wrong"])
def test_a_wrong_or_missing_answer_is_refused_in_chinese_and_nothing_is_saved(client, answer):
    two_applications(client)
    key, _right = challenge_of(client.get("/apply/").content.decode())
    with unchanged():
        response = client.post("/apply/", application_post(name="赵网申三", id_number=id_number(503),
                                                           captcha_0=key, captcha_1=answer))
    page = response.content.decode()
    assert response.status_code == 400
    expected = "请输入图片中的字符。" if not answer else "输入的字符与图片不符，请输入新图片中的字符。"
    assert expected in page and "赵网申三" in page  # what was typed is kept
    assert Case.objects.count() == 2
    new_key, _ = challenge_of(page)
    assert new_key != key  # a new picture; the old one is spent


def test_the_right_answer_lets_the_application_through(client):
    two_applications(client)
    key, right = challenge_of(client.get("/apply/").content.decode())
    response = client.post("/apply/", application_post(name="赵网申三", id_number=id_number(503),
                                                       captcha_0=key, captcha_1=right.upper()))
    assert response.status_code == 302 and Case.objects.count() == 3
    # A picture answers once.
    again = client.post("/apply/", application_post(name="赵网申四", id_number=id_number(504),
                                                    captcha_0=key, captcha_1=right))
    assert again.status_code == 400 and Case.objects.count() == 3


def test_after_a_burst_of_wrong_pairs_tracking_asks_for_the_picture(apply):
    number, code = apply()
    client = Client()
    for n in range(2):
        page = client.post("/track/", {"tracking_number": f"2026110200000{n}", "query_code": "99999999"})
        assert page.status_code == 400
    page = client.get("/track/").content.decode()
    key, right = challenge_of(page)
    refused = client.post("/track/", {"tracking_number": number, "query_code": code, "captcha_0": key,
                                      "captcha_1": "wrong"})
    assert refused.status_code == 400 and "输入的字符与图片不符" in refused.content.decode()
    assert 'id="track-status"' not in client.get("/track/").content.decode()
    key, right = challenge_of(refused.content.decode())
    tracked = client.post("/track/", {"tracking_number": number, "query_code": code, "captcha_0": key,
                                      "captcha_1": right})
    assert tracked.status_code == 302
    assert 'id="track-status"' in client.get("/track/").content.decode()


@pytest.mark.parametrize("sent", [
    {"captcha_0": "x" * 5000, "captcha_1": "abcd"},
    {"captcha_0": "../../etc/passwd", "captcha_1": "y" * 5000},
    {"captcha_1": "abcd"},
    {"captcha_0": "", "captcha_1": ""},
])
def test_whatever_is_sent_as_the_answer_is_a_400_never_a_500(client, sent):
    two_applications(client)
    with unchanged():
        response = client.post("/apply/", application_post(name="赵网申三", id_number=id_number(503), **sent))
        tracked = client.post("/track/", {"tracking_number": "20261102000000", "query_code": "1", **sent})
    assert response.status_code == 400 and Case.objects.count() == 2
    assert tracked.status_code in (400, 429)

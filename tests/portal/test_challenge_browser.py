"""The challenge after a burst on a 360 px phone: the picture comes from the desk itself and shows under
the content security policy; a wrong answer is refused in Chinese, the right one lets the worker on."""

import pytest
from captcha.models import CaptchaStore
from playwright.sync_api import expect

from casedesk.portal import throttle

from .test_browser import fits, phone, shoot  # noqa: F401 (phone is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_after_a_burst_tracking_asks_for_the_picture_on_a_phone(phone, settings):  # noqa: F811
    settings.CASEDESK_PORTAL_TRACK_CHALLENGE_AFTER = 2
    page, errors = phone
    for _n in range(2):
        throttle.tracking_failed("20261102000000", "127.0.0.1")
    page.goto("/track/")
    picture = page.locator("#challenge img.captcha")
    expect(picture).to_be_visible()
    assert page.evaluate("document.querySelector('#challenge img.captcha').naturalWidth") > 0
    assert fits(page)
    shoot(page, "portal-challenge")
    page.fill("#id_tracking_number", "20261102000000")
    page.fill("#id_query_code", "12345678")
    page.fill("#id_captcha_1", "wrong")
    page.click("#track-submit")
    expect(page.locator("#page-error")).to_have_text("输入的字符与图片不符，请输入新图片中的字符。")
    key = page.locator("input[name=captcha_0]").input_value()
    page.fill("#id_query_code", "12345678")
    page.fill("#id_captcha_1", CaptchaStore.objects.get(hashkey=key).response)
    page.click("#track-submit")
    expect(page.locator("#page-error")).to_contain_text("流水号与查询码不符")  # past the picture, to the pair
    assert [e for e in errors if "status of 400" not in e] == []

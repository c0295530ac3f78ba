"""The provisional web pages: a Chinese login page and the case list."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_sends_an_anonymous_visitor_to_the_chinese_login_page(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert "登录" in response.content.decode()


def test_login_with_a_wrong_password_says_so_in_chinese(client, volunteer):
    response = client.post("/login/", {"username": "volunteer1", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_volunteer_sees_only_the_cases_they_registered(client, register, volunteer, other_mediator):
    mine = register()
    others = register(actor=other_mediator, applicants=[{
        "name": "赵六", "id_type": "none", "employment_form": "informal"}])
    client.force_login(volunteer)
    page = client.get("/").content.decode()
    assert mine.number in page
    assert others.number not in page


def test_a_bad_filter_value_gives_a_message_not_an_error(client, supervisor):
    client.force_login(supervisor)
    response = client.get("/?status=nonsense")
    assert response.status_code == 200
    assert "nonsense" in response.content.decode()


def test_an_unknown_page_is_a_chinese_404(client, supervisor):
    client.force_login(supervisor)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() or "未找到" in response.content.decode()

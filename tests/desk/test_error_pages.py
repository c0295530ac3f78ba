"""No English page and no dead end: every 400/403/404/405 a page answers is the desk's Chinese page
(with a way home), whoever answered it: a view, Django's decorators, or a library's "403.html"."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

pytestmark = pytest.mark.django_db

ENGLISH = ("Access Forbidden", "Log in as another user", "LOG IN AS ANOTHER USER", "Django Material", "Forbidden",
           "Not Found", "Method Not Allowed", "Page not found")


def assert_desk_page(response, status, title):
    page = response.content.decode()
    assert response.status_code == status
    assert "<html" in page and 'class="topbar"' in page and title in page, page[:500]
    assert 'href="/"' in page  # a way home
    assert [word for word in ENGLISH if word in page] == []


@pytest.mark.parametrize("url", ["/reports/stats/", "/reports/annual/", "/reports/access-log/"])
def test_a_mediator_on_a_supervisors_page_gets_the_desks_403(url, mediator, login):
    assert_desk_page(login(mediator).get(url), 403, "无权访问")


def test_a_button_address_opened_directly_gets_the_desks_405(register, mediator, login):
    case = register()
    for url in (f"/cases/{case.pk}/actions/accept/", f"/cases/{case.pk}/sessions/",
                f"/cases/{case.pk}/steps/evidence_gathered/"):
        response = login(mediator).get(url)
        assert_desk_page(response, 405, "无法这样打开")
        assert response["Allow"] == "POST"


def test_a_missing_page_and_a_hidden_case_get_the_desks_404(register, other_mediator, login):
    case = register()
    client = login(other_mediator)
    assert_desk_page(client.get("/no/such/page/"), 404, "页面不存在")
    assert_desk_page(client.get("/cases/987654/"), 404, "页面不存在")
    assert client.get(f"/cases/{case.pk}/").status_code == 200  # a new case: every mediator may see it


def test_an_empty_refusal_gets_the_desks_400(supervisor, login):
    response = login(supervisor).post("/reports/cases/export/", {"format": "no-such-format"})
    assert_desk_page(response, 400, "请求有误")  # the export answers an unknown format with an empty 400


def test_a_page_with_its_own_content_is_left_alone(register, mediator, login):
    case = register()
    response = login(mediator).post(f"/cases/{case.pk}/actions/reject/", {"reason": "不予受理"})
    assert response.status_code == 403 and 'id="action-accept"' in response.content.decode()  # the case page again


def test_the_api_answers_json_still(api, mediator):
    response = api(mediator).get("/api/stats/?from=nonsense")
    assert response["Content-Type"].startswith("application/json")
    response = api(mediator).get("/api/cases/987654/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_a_librarys_403_template_is_the_desks(mediator):
    request = RequestFactory().get("/")
    request.user = mediator
    page = render_to_string("403.html", request=request)
    assert "无权访问" in page and "Access Forbidden" not in page
    assert "页面不存在" in render_to_string("404.html", request=request)

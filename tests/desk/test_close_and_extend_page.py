"""The extend form of the case page: an extension the law allows, a long one confirmed (issue 13)."""

import datetime

import pytest

from ..conftest import unchanged
from .conftest import field_error

pytestmark = pytest.mark.django_db

EXTEND = {"reason": "双方同意延期", "parties_consent": "on"}


def act(client, case, name, **data):
    return client.post(f"/cases/{case.pk}/actions/{name}/", data)


def test_the_extend_form_asks_for_confirmation_only_once_the_extension_is_long(login, mediating, mediator):
    case = mediating()
    client = login(mediator)
    assert 'name="long_extension_confirmed"' not in client.get(f"/cases/{case.pk}/").content.decode()
    with unchanged(case):
        response = act(client, case, "extend", until="2026-12-17", **EXTEND)
    page = response.content.decode()
    assert response.status_code == 400
    assert "30" in field_error(page, "id_extend_long_extension_confirmed")
    assert 'id="form-errors"' in page and 'value="2026-12-17"' in page
    response = act(client, case, "extend", until="2026-12-17", long_extension_confirmed="on", **EXTEND)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.mediation_due == datetime.date(2026, 12, 17)


def test_an_extension_past_the_maximum_is_refused_on_the_page(login, mediating, mediator):
    case = mediating()
    with unchanged(case):
        response = act(login(mediator), case, "extend", until="2030-01-01", long_extension_confirmed="on", **EXTEND)
    assert response.status_code == 400
    assert "2026年12月17日" in field_error(response.content.decode(), "id_extend_until")

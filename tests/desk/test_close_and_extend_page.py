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


AGREED = {"terms": "被申请人于2026年11月30日前一次性支付拖欠工资人民币18600元。", "performance_due": "2026-11-30",
          "performance_method": "cash", "performance_place": "本会调解室"}


def test_an_agreed_amount_above_the_claims_is_asked_once_more_on_the_page(login, mediating, mediator):
    """The claims are ¥18,600: ¥186,000 (a digit too many) is not taken until the mediator confirms it."""
    case = mediating()
    client = login(mediator)
    assert 'name="above_claim_confirmed"' not in client.get(f"/cases/{case.pk}/").content.decode()
    with unchanged(case):
        response = act(client, case, "reach_agreement", amount="186000.00", **AGREED)
    assert response.status_code == 400
    assert field_error(response.content.decode(), "id_reach_agreement_above_claim_confirmed") == (
        "协议金额（¥186,000.00）高于申请人请求的合计金额（¥18,600.00）：请核对金额；确无错误的，请勾选确认后再提交。")
    assert act(client, case, "reach_agreement", amount="18600.00", **AGREED).status_code == 302
    case.refresh_from_db()
    assert case.agreements.get().amount == 18600


def test_an_agreed_amount_above_the_claims_confirmed_is_recorded_and_said_on_the_timeline(mediating, mediator):
    from casedesk.cases import transitions
    from casedesk.cases.models import CaseEvent

    case = transitions.perform(mediating(), "reach_agreement", mediator, amount="20000.00",
                               above_claim_confirmed=True, **AGREED)
    assert case.agreements.get().amount == 20000
    assert CaseEvent.objects.get(case=case, action="reach_agreement").data["above_claim_confirmed"] is True

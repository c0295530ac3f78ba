import re

import pytest

from casedesk.portal import units as portal_units
from casedesk.units import tree

from ..conftest import id_number

WORKER_ID = id_number(424)


def application_post(**overrides):
    """What a worker sends from /apply/: every field of the form, as a browser posts it."""
    data = {
        "name": "赵网申", "id_type": "resident_id", "id_number": WORKER_ID, "phone": "13900001111",
        "address": "某某县城关镇幸福路12号", "employment_form": "contract", "job": "缝纫工",
        "employed_from": "2025-03-01", "employment_ended_on": "",
        "employer_name": "某某网申服装有限公司", "employer_uscc": "", "employer_address": "某某县工业园区纬三路9号",
        "category": "wage_arrears", "dispute_started_on": "2026-10-08",
        "summary": "公司拖欠我2026年8月至9月工资，多次催讨未果。",
        "claim_kind_0": "wage", "claim_amount_0": "12400", "claim_kind_1": "", "claim_amount_1": "",
        "claim_kind_2": "", "claim_amount_2": "",
        "wants_messages": "on", "consent": "on", "sensitive_consent": "on", "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


NUMBERS = re.compile(r'id="tracking-number">(\d+)<.*id="query-code">(\d+)<', re.S)


@pytest.fixture
def apply(client):
    """apply(**overrides) → (tracking number, query code), through the real pages."""

    def _apply(**overrides):
        if portal_units.several():  # a test that made other units: the worker names the root unit as nearest
            overrides.setdefault("unit", str(tree.root().pk))
        response = client.post("/apply/", application_post(**overrides))
        assert response.status_code == 302, response.content.decode()[:3000]
        page = client.get(response["Location"])
        number, code = NUMBERS.search(page.content.decode()).groups()
        return number, code

    return _apply


CHINESE = re.compile(r"[\u4e00-\u9fff]")


def field_errors(page, name):
    """The error messages shown next to the field `name` of the application page."""
    if f'id="pf-{name}"' not in page:
        raise AssertionError(f"no field {name} on the page")
    part = page.split(f'id="pf-{name}"', 1)[1].split('id="pf-', 1)[0]
    return re.findall(r'class="field-error">(.*?)</p>', part, re.S)


@pytest.fixture(autouse=True)
def _no_challenge_unless_asked(settings):
    """The challenge after a burst is off for the portal's tests of other rules (several applications or
    wrong pairs from one test address); tests/portal/test_challenge.py turns it on."""
    settings.CASEDESK_PORTAL_APPLY_CHALLENGE_AFTER = 0
    settings.CASEDESK_PORTAL_TRACK_CHALLENGE_AFTER = 0


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """with committed(): … runs what the block scheduled after its commit (signals, messages)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)

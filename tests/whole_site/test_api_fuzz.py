"""The API fuzzed by schemathesis against its own OpenAPI schema (GET /api/schema/).

Each operation of the schema is one test; hypothesis generates its requests (valid and
invalid), which go through Django's WSGI handler into the test database of that test (one
transaction, rolled back afterwards: what the fuzzing creates never reaches another test).
Every answer must be no server error, a status and content type the schema declares, and a
body that matches the declared schema. Bounded and reproducible: derandomized hypothesis,
FUZZ_EXAMPLES requests per operation and role.

Half of the generated ids are mapped onto real rows (cases, documents, transition names), so
that the fuzzing reaches past the 404 of a random id into the views' real work.
"""

import collections
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casedesk.cases import intake, transitions
from casedesk.consultations import services as consultation_services
from casedesk.documents.models import GeneratedDocument
from casedesk.outreach import services as outreach_services
from casedesk.portal import services as portal_services

from ..conftest import registration_body
from ..consultations.conftest import consultation_body
from ..outreach.conftest import event_body

pytestmark = pytest.mark.django_db

FUZZ_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
RUNS = collections.Counter()  # (operation, role) -> requests sent; printed as the module's figures


def openapi_document():
    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = get_wsgi_application()


@pytest.fixture
def in_test_transaction():
    """Django's handler closes the database connection after each request; the test client stops it
    doing so, and so must a WSGI caller, or the test's transaction (PostgreSQL) is lost."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, volunteer, mediator, supervisor, django_capture_on_commit_callbacks):
    """Cases in a few states, with a document, for the fuzzer's ids to land on."""
    with django_capture_on_commit_callbacks(execute=True):
        submitted = intake.register_case(actor=volunteer, data=registration_body()).case
        accepted = intake.register_case(actor=volunteer, data=registration_body(workers=2)).case
        transitions.perform(accepted, "accept", mediator)
        mediating = intake.register_case(actor=volunteer, data=registration_body(workers=3)).case
        transitions.perform(mediating, "accept", mediator)
        transitions.perform(mediating, "assign", supervisor, mediator=mediator.pk)
    cases = [submitted.pk, accepted.pk, mediating.pk]
    documents = list(GeneratedDocument.objects.values_list("pk", flat=True)) or [0]
    codes = list(GeneratedDocument.objects.values_list("verification_code", flat=True)) or ["none"]
    event = outreach_services.record_event(actor=mediator, data=event_body())
    consultations = [
        consultation_services.record_consultation(actor=mediator, data=consultation_body()).pk,
        consultation_services.record_consultation(actor=volunteer, data=consultation_body(
            channel="walk_in", contact_consent=True, name="蓝秀梅", phone="13907975120")).pk,
    ]
    applied = portal_services.submit(registration_body(channel="online", workers=4), wants_messages=True)
    return {"case_id": cases, "document_id": documents, "code": codes, "name": list(transitions.names()),
            "consultation_id": consultations, "event_id": [event.pk],
            "tracking_number": [applied.application.tracking_number], "query_code": [applied.query_code]}


def land_on_real_rows(case, seeded):
    """Half of the generated path parameters become ids of real rows (deterministically); so does the
    online application's query code (?code=) beside a real tracking number."""
    for key, value in list((case.path_parameters or {}).items()):
        choices = seeded.get(key)
        if not choices:
            continue
        pick = hash(repr(value)) & 0xFFFF
        if pick % 2 == 0:
            case.path_parameters[key] = choices[(pick // 2) % len(choices)]
    if case.query and "code" in case.query and case.path_parameters.get("tracking_number") in seeded["tracking_number"]:
        case.query["code"] = seeded["query_code"][0]


def token_header(user):
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_contract_under_fuzzing(case, seeded, supervisor, mediator, in_test_transaction):
    """As a supervisor (sees all) and a mediator (sees some): no 5xx, nothing off the schema."""
    land_on_real_rows(case, seeded)
    for role, user in (("supervisor", supervisor), ("mediator", mediator)):
        case.call_and_validate(headers=token_header(user), checks=CHECKS)
        RUNS[(case.operation.label, role)] += 1


@pytest.fixture(scope="module", autouse=True)
def fuzz_figures():
    """After the module (in each worker that ran some of it): the figures for the closing note."""
    yield
    total = sum(RUNS.values())
    operations = sum(len(item) for item in openapi_document()["paths"].values())
    print(f"\nFIGURES api-fuzz: {operations} operations, {total} requests")
    for (operation, role), count in sorted(RUNS.items()):
        print(f"  {operation} as {role}: {count}")


def api_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from api_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and prefix.startswith("api/"):
            yield prefix + str(pattern.pattern)


def as_openapi_path(route):
    """api/cases/<int:case_id>/ -> /api/cases/{case_id}/"""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_the_schema_describes_every_api_url():
    documented = set(openapi_document()["paths"])
    routes = {as_openapi_path(r) for r in api_routes()} - {"/api/schema/"}
    assert routes, "no API routes found"
    assert routes - documented == set()


def test_every_documented_operation_declares_its_error_answers():
    """Each operation says how it refuses: 400/401/403/404 as they apply, all with the error shape."""
    missing = []
    for path, item in openapi_document()["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            needed = {"400"} if method == "post" else set()
            if operation.get("security"):
                needed.add("401")
            if "{" in path:
                needed.add("404")
            if not needed <= codes:
                missing.append((method.upper(), path, sorted(needed - codes)))
    assert missing == []


def test_the_schema_validates_without_warnings(tmp_path):
    import yaml
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    # --fail-on-warn makes the command fail on any warning, --validate on an invalid document.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    written = yaml.safe_load(target.read_text())
    assert written["openapi"].startswith("3.") and "/api/cases/" in written["paths"]

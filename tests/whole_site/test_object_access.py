"""Object-level access everywhere: every URL of the site, the API, the workflow pages, the reports
and the admin, walked as each role against a case that role may not see.

Every pattern comes from django.urls.get_resolver(), so a URL added later is walked without
anyone listing it; a parameter this module cannot fill fails the test instead of being skipped.

The rule (DESIGN.md "Roles": existence does not leak):
- A URL that names a hidden object (case, document, process, task, report job) answers 404.
- A page closed to the whole role (supervisor-only pages, the workflow site for volunteers,
  the admin for non-staff users, any page for an anonymous visitor) may answer 403, 401, 405
  or a redirect to a login page instead, but then it must answer exactly the same for an
  object that does not exist: the answer depends on who asks, never on the object.
- No answer, whatever its status, contains the hidden case's number, names, employer,
  ID number, phone or summary (masked forms included).
- A URL without object parameters (lists, home, figures) answers without a server error and
  shows nothing of the hidden case.
Public URLs are listed in PUBLIC with the reason; they are fetched and checked for personal data.
"""

import copy
import datetime
import json
import re

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django_otp.plugins.otp_totp.models import TOTPDevice
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casedesk.cases import conflicts, identifiers, intake, steps, transitions
from casedesk.cases.models import Case
from casedesk.consultations import services as consultation_services
from casedesk.documents.models import GeneratedDocument
from casedesk.feeds import tokens
from casedesk.outreach import services as outreach_services
from casedesk.payments.models import Payment
from casedesk.portal import evidence as portal_evidence
from casedesk.portal import services as portal_services
from casedesk.portal.models import Application
from casedesk.reports import jobs
from casedesk.units import services as unit_services
from casedesk.units import tree
from casedesk.units.models import Unit
from workflows.flows import MediationFlow
from workflows.models import CaseProcess

from ..conftest import registration_body, unchanged
from ..consultations.conftest import consultation_body
from ..factories import UserFactory
from ..outreach.conftest import event_body

pytestmark = pytest.mark.django_db

MISSING = 987654321
SECRET_APPLICANT = {
    "name": "欧阳秘",
    "id_number": identifiers.make_resident_id("330102", datetime.date(1979, 3, 4), 777),
    "phone": "13712349876",
    "employment_form": "contract",
}
SECRET_EMPLOYER = {
    "name": "隐秘精密机械有限公司",
    "uscc": identifiers.make_uscc("91330100MA9X8Y7W6"),
    "address": "某某县隐秘路9号",
    "contact_name": "诸葛联络",
    "contact_phone": "13698765432",
}
SECRET_SUMMARY = "隐秘案情：申请人夜班工资被拖欠四个月。"
SECRET_CONSULTATION = {"name": "慕容咨", "phone": "13698761234", "question": "隐秘咨询：夜班补贴怎么算？"}
SECRET_EVENT = {"place": "隐秘广场", "note": "隐秘活动备注"}

# Reachable without a desk role, by design. Each is still fetched, and must show no personal data.
PUBLIC = {
    "login/": "the login form; shows no case data",
    "logout/": "ends the session (GET is refused); shows no data",
    "verify/<str:code>/": "a document's QR code leads here; the code is the capability; "
                          "shows kind, document number and hash, no personal data",
    "api/verify/<str:code>/": "the JSON form of the verification page",
    "api/auth/token/": "exchanges a user name and password for a token",
    "api/schema/": "the OpenAPI description; no data",
    "admin/login/": "Django admin's login form",
    "admin/logout/": "ends the admin session",
    "admin/jsi18n/": "the admin's JavaScript translations",
    "calendar/<str:secret>.ics": "a user's calendar feed; the secret in the address is the capability; "
                                 "names cases by number only",
    "apply/": "the online application form (casedesk.portal): anyone may apply; shows no case data",
    "apply/done/": "the numbers of the application just sent in this browser session, shown once",
    "track/": "a case's state for whoever gives its tracking number and query code (in the session)",
    "track/leave/": "forgets the tracked case in this browser (POST)",
    "track/answer/": "the worker's answer to the desk's request for more, for the case tracked in this browser "
                     "session (POST)",
    r"captcha/image/(?P<key>\w+)/$": "the picture of the portal's challenge after a burst (django-simple-captcha); "
                                      "random characters, no data",
    r"captcha/image/(?P<key>\w+)@2/$": "the same picture, twice the size",
    r"captcha/audio/(?P<key>\w+).wav$": "the challenge read aloud: not set up (no speech program), always 404",
    r"captcha/refresh/$": "a new picture for the challenge (asked by script only; 404 otherwise)",
    "api/portal/units/": "the union units an online application may go to: names only",
}
# Requests that would end the walking client's session: checked by GET only.
NO_POST = {"logout/", "admin/logout/"}

ROLES = ["volunteer", "mediator", "outsider", "anonymous"]
LOGIN_PATHS = ("/login/", "/admin/login/")


def walk_patterns(patterns=None, prefix=""):
    """(route, pattern) for every endpoint in the URLconf, resolvers followed recursively."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from walk_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


ROUTES = sorted({route for route, _pattern in walk_patterns()})
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def parameters(route):
    return [m.group(2) or m.group(3) for m in PARAMETER.finditer(route)]


class World:
    """A case hidden from every attacker, with an object of every kind a URL can name."""

    def __init__(self, case, other_volunteer, own_process):
        self.case = case
        self.other_volunteer = other_volunteer
        self.process = CaseProcess.for_case(case.pk).get()
        self.own_process = own_process
        self.document = GeneratedDocument.objects.filter(case=case).order_by("pk").first()
        self.job = None
        self.feed_secret = None
        self.relation = None
        self.tasks = {}
        self.consultation = None  # another volunteer's, with a name and phone left
        self.event = None  # recorded by another volunteer; no attacker worked at it

    def secrets(self):
        a, e = SECRET_APPLICANT, SECRET_EMPLOYER
        return {
            "case number": self.case.number, "applicant name": a["name"], "ID number": a["id_number"],
            "masked ID number": identifiers.mask_id_number(a["id_number"]), "phone": a["phone"],
            "masked phone": identifiers.mask_phone(a["phone"]), "employer": e["name"], "credit code": e["uscc"],
            "employer contact": e["contact_name"], "employer phone": e["contact_phone"], "summary": SECRET_SUMMARY,
            "consultation name": SECRET_CONSULTATION["name"], "consultation phone": SECRET_CONSULTATION["phone"],
            "masked consultation phone": identifiers.mask_phone(SECRET_CONSULTATION["phone"]),
            "consultation question": SECRET_CONSULTATION["question"], "event place": SECRET_EVENT["place"],
            "event note": SECRET_EVENT["note"],
        }

    def personal_secrets(self):
        """What a public page must never show (a verification page shows the document number)."""
        return {k: v for k, v in self.secrets().items() if k not in ("case number",)}

    def task_for(self, node_name):
        """A task of the hidden case's process at `node_name`: the real one, or one made for the walk."""
        if node_name not in self.tasks:
            node = getattr(MediationFlow.instance, node_name, None)
            if node is None:
                raise LookupError(f"the workflow has no node {node_name!r}")
            task = self.process.task_set.filter(flow_task=node).order_by("-pk").first()
            if task is None:
                # As viewflow would leave it: in the queue of whoever holds the node's permission.
                permission = getattr(node, "_owner_permission", None)
                task = Task.objects.create(
                    process=self.process, flow_task=node, flow_task_type=node.task_type, status=STATUS.NEW,
                    owner_permission=permission if isinstance(permission, str) else None, data={},
                )
            self.tasks[node_name] = task
        return self.tasks[node_name]

    def fill(self, route, *, missing=False):
        """The route with every parameter filled with the hidden objects (or ids that exist nowhere)."""
        node = re.search(r"<int:process_pk>/(\w+)/<int:task_pk>", route)
        node_name = node.group(1) if node else "record_outcome"  # workflows.urls: <str:node>

        def value(name):
            if name == "case_id" or name == "object_id" and "cases/" in route:
                return MISSING if missing else self.case.pk
            if name == "document_id":
                return MISSING if missing else self.document.pk
            if name == "process_pk":
                return MISSING if missing else self.process.pk
            if name == "task_pk":
                return MISSING if missing else self.task_for(node_name).pk
            if name == "job_id":
                return MISSING if missing else self.job.pk
            if name == "relation_id":
                return MISSING if missing else self.relation.pk
            if name == "consultation_id":
                return MISSING if missing else self.consultation.pk
            if name == "event_id":
                return MISSING if missing else self.event.pk
            if name == "evidence_id":  # a file sent with an online application (the hidden case has none)
                return MISSING if missing else 1
            if name == "tracking_number":  # the hidden case's online application (none: digits of no number)
                return "20261102999999" if missing else self.application.tracking_number
            if name == "payment_id":
                return MISSING if missing else self.payment.pk
            if name == "mediator_id":  # the roster's profile of the hidden case's mediator
                return MISSING if missing else self.case.mediator_id
            if name == "unit_id":  # the printed roster of the hidden case's unit
                return MISSING if missing else self.case.unit_id
            if name == "object_id" and "viewflow/process/" in route:
                return MISSING if missing else self.process.pk
            if name == "object_id" and "viewflow/task/" in route:
                return MISSING if missing else self.task_for("decide_acceptance").pk
            if name in ("object_id", "id"):
                return MISSING if missing else self.other_volunteer.pk
            if name == "content_type_id":
                return ContentType.objects.get_for_model(Case).pk
            if name == "name":
                return "withdraw"
            if name == "kind":
                return "acceptance_notice"
            if name == "code":
                return self.document.verification_code
            if name == "secret":
                return self.feed_secret
            if name == "app_label":
                return "viewflow"
            if name == "url":
                return f"cases/case/{MISSING if missing else self.case.pk}/"
            if name == "pk" and "otp_totp/totpdevice/" in route:  # the admin's QR code of an authenticator app
                return MISSING if missing else self.totp_device.pk
            if name == "flow":
                return "mediation"
            if name == "node":
                return node_name
            if name == "rest":
                return "execute/"
            if name == "key":  # a challenge's picture (casedesk.portal.challenge): one that was never drawn
                return "0" * 40
            raise LookupError(f"cannot fill <{name}> in {route!r}: teach World.fill what it names")

        def substitute(match):
            return str(value(match.group(2) or match.group(3)))

        url = "/" + PARAMETER.sub(substitute, route).lstrip("^").replace("\\.", ".").rstrip("$")
        url = url.replace("/^", "/")
        return url


def build_world(volunteer, mediator, other_mediator, supervisor, committed):
    """The hidden case: registered by another volunteer, accepted, assigned to another mediator,
    a session held and an agreement reached, with its documents, its process, a report job."""
    other_volunteer = UserFactory(username="volunteer2", role="volunteer")
    body = registration_body(applicants=[SECRET_APPLICANT], employer=SECRET_EMPLOYER, summary=SECRET_SUMMARY)
    with committed():
        case = intake.register_case(actor=other_volunteer, data=body).case
    with committed():
        case = transitions.perform(case, "accept", supervisor)
    with committed():
        case = transitions.perform(case, "assign", supervisor, mediator=other_mediator.pk)
    with committed():
        steps.record(case, "record_session", other_mediator, held_at="2026-11-02 09:00", place="隐秘调解室",
                                present="欧阳秘、诸葛联络")
    with committed():
        case = transitions.perform(case, "reach_agreement", other_mediator, terms="隐秘协议条款", amount="18600.00",
                                   performance_due="2026-11-30")
    # The attackers' own cases, so that their lists and queues are not empty.
    with committed():
        own = intake.register_case(actor=volunteer, data=registration_body()).case
    with committed():
        intake.register_case(actor=volunteer, data=registration_body(workers=2))
    world = World(case, other_volunteer, CaseProcess.for_case(own.pk).get())
    assert world.document is not None, "the hidden case has no document to walk"
    world.job = jobs.start(kind=jobs.CASES_CSV, params={"filters": {}}, user=supervisor)
    world.feed_secret = tokens.issue(user=other_mediator)  # the hidden case's mediator subscribes
    world.totp_device = TOTPDevice.objects.create(user=other_mediator, name="authenticator")  # and has an app
    # Another mediator's declared relation with the hidden case's employer (their own, not the walkers').
    world.relation = conflicts.declare(actor=other_mediator, mediator=other_mediator, employer=case.employer,
                                       relation=RELATION)
    with committed():  # a payment against the hidden agreement (casedesk.payments)
        steps.record(case, "record_payment", other_mediator, paid_on="2026-11-02", amount="1000.00", method="cash")
    world.payment = Payment.objects.get(case=case)
    # The hidden case as if it had come from the online application: its tracking number is walked too.
    world.application = Application.objects.create(
        case=case, tracking_number="20261102000001", code_hash=make_password("12345678"), consent_version="2026-11",
        consent_sha256="0" * 64, consent_accepted_at=case.submitted_at, sensitive_consent_accepted_at=case.submitted_at,
        created_at=case.submitted_at)
    world.event = outreach_services.record_event(actor=other_volunteer, data=event_body(**SECRET_EVENT))
    world.consultation = consultation_services.record_consultation(actor=other_volunteer, data=consultation_body(
        channel="at_event", event=world.event.pk, contact_consent=True, **SECRET_CONSULTATION))
    for node in MediationFlow.instance.nodes():
        world.task_for(node.name)
    return world


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def world(volunteer, mediator, other_mediator, supervisor, outsider, committed):
    return build_world(volunteer, mediator, other_mediator, supervisor, committed)


def client_as(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def readable(response):
    """The body as text a person would read: JSON without \\u escapes, binary bodies as latin-1."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            return json.dumps(json.loads(content), ensure_ascii=False)
        except ValueError:
            pass
    return content.decode("utf-8", errors="replace")


def request(client, method, url):
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, {"reason": "撤回申请", "kind": "acceptance_notice"}, content_type="application/json")
    return client.post(url, {"reason": "撤回申请", "transition": "withdraw", "format": "csv"})


def leaks(text, secrets):
    return sorted(label for label, value in secrets.items() if value and value in text)


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].split("?")[0] in LOGIN_PATHS


def refusal(response):
    """How a refusal looks, with nothing that names the object: the status and where it sends."""
    if response.status_code in (301, 302):
        return response.status_code, re.sub(r"\d+", "N", response["Location"].split("?")[0])
    return response.status_code, None


def check_route(client, route, world, method, secrets=None):
    """None if `route` behaves by the rule for this client and method, else what went wrong."""
    url = world.fill(route)
    match = resolve(url.split("?")[0])
    if str(match.route).replace("^", "") != route.replace("^", ""):
        # The filled URL must reach the pattern it was made from, or the walk proves nothing.
        return f"{url} resolved to {match.route!r}, not {route!r}"
    response = request(client, method, url)
    if response.status_code >= 500:
        return f"{method} {url}: server error {response.status_code}"
    leaked = leaks(readable(response), world.secrets() if secrets is None else secrets)
    if leaked:
        return f"{method} {url}: {response.status_code} shows {leaked}"
    names_objects = any(p in parameters(route) for p in OBJECT_PARAMETERS)
    if not names_objects or response.status_code == 404:
        return None
    if response.status_code in (401, 403, 405) or is_login_redirect(response) or (
        response.status_code == 302 and route.startswith("admin/")
    ):
        twin = request(client, method, world.fill(route, missing=True))
        if refusal(twin) != refusal(response):
            return (f"{method} {url}: {refusal(response)} for the hidden object but {refusal(twin)} "
                    f"for a missing one (existence leaks)")
        return None
    return f"{method} {url}: {response.status_code} for an object this user may not see (expected 404)"


OBJECT_PARAMETERS = ("case_id", "document_id", "process_pk", "task_pk", "job_id", "object_id", "id",
                     "consultation_id", "event_id", "evidence_id", "mediator_id", "unit_id", "tracking_number")


def attacker(role, request):
    return None if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_404_for_a_case_the_role_may_not_see(role, request, world):
    user = attacker(role, request)
    client = client_as(user)
    failures, checked = [], 0
    with unchanged(world.case):  # no refused request changed the hidden case, or any other
        for route in ROUTES:
            if route in PUBLIC:
                continue
            for method in ("GET", "POST"):
                problem = check_route(client, route, world, method)
                checked += 1
                if problem:
                    failures.append(problem)
                if user is not None and "_auth_user_id" not in client.session:
                    client.force_login(user)  # a page logged the client out: go on as the same user
    world.case.refresh_from_db()
    print(f"\nFIGURES object-access role={role}: {len(ROUTES) - len(PUBLIC)} URLs x 2 methods = {checked} requests")
    assert failures == [], "\n".join(failures)
    assert world.case.status == "agreed", "a refused request changed the hidden case"
    assert checked >= 2 * 120  # the desk, the API, the reports, the admin, the old workflow addresses


# A supervisor of another county is walked over every URL, for every secret of the world: cases,
# consultations, outreach events and mediators' declared relations are all kept by unit.
RELATION = "配偶在该公司任职"


def test_every_case_url_answers_404_for_a_supervisor_of_another_county(world, supervisor):
    """The hidden case is in the root unit; a supervisor of a county below the root (whose subtree does not
    hold the root's own cases) sees nothing of it, on every URL: units are part of the same one selector.
    (A second top unit beside the root cannot be made: the database holds one root, unit_one_root.)"""
    root = tree.root()
    county = Unit(name="另县总工会", number_prefix="另工调字", parent=root)
    county.save()
    stranger = UserFactory(username="county_supervisor", role="supervisor")
    unit_services.place(stranger, county)
    client = client_as(stranger)
    secrets = {**world.secrets(), "declared relation": RELATION}
    failures, checked = [], 0
    with unchanged(world.case):
        for route in ROUTES:
            if route in PUBLIC:
                continue
            for method in ("GET", "POST"):
                problem = check_route(client, route, world, method, secrets)
                checked += 1
                if problem:
                    failures.append(problem)
                if "_auth_user_id" not in client.session:
                    client.force_login(stranger)
    assert failures == [], "\n".join(failures)
    assert checked >= 2 * 140  # the desk, the API, the reports, the admin, the portal
    # The walk is not blind: the same supervisor, placed in the case's unit, sees the case.
    unit_services.place(stranger, root)
    assert client_as(stranger).get(f"/cases/{world.case.pk}/").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_public_urls_show_no_personal_data(role, request, world):
    client = client_as(attacker(role, request))
    for route in PUBLIC:
        url = world.fill(route)
        response = client.get(url)
        assert response.status_code < 500, url
        assert leaks(readable(response), world.personal_secrets()) == [], url


def test_every_route_is_walked_or_listed_as_public(world):
    """The URLconf's patterns are the walk's input: every parameter fills, none is skipped."""
    assert set(PUBLIC) <= set(ROUTES), set(PUBLIC) - set(ROUTES)
    for route in ROUTES:
        world.fill(route)  # raises LookupError for a parameter nobody taught the walk
    areas = {route.split("/", 1)[0] for route in ROUTES}
    assert {"api", "workflow", "reports", "cases", "admin", "verify", "consultations", "outreach"} <= areas
    assert {"api/consultations/<int:consultation_id>/", "api/outreach-events/<int:event_id>/"} <= set(ROUTES)


def test_a_task_of_a_hidden_case_cannot_be_reached_through_a_visible_process(world, mediator):
    """An old task address names a task by its own pk: the process in the URL must be the task's."""
    task = world.task_for("record_outcome")
    before = (task.status, task.owner_id)
    for suffix in ("", "detail/", "execute/", "assign/"):
        url = f"/workflow/mediation/{world.own_process.pk}/record_outcome/{task.pk}/{suffix}"
        for method in ("GET", "POST"):
            response = request(client_as(mediator), method, url)
            assert response.status_code == 404, (method, url, response.status_code)
    task.refresh_from_db()
    assert (task.status, task.owner_id) == before


def test_a_report_job_of_another_user_answers_404(world, volunteer, mediator):
    for user in (volunteer, mediator):
        for suffix in ("", "progress/", "download/"):
            response = client_as(user).get(f"/reports/jobs/{world.job.pk}/{suffix}")
            assert response.status_code == 404, (user, suffix, response.status_code)


def test_the_walk_is_not_blind(world, other_mediator, supervisor):
    """The same walk as the case's own mediator finds the case: the secrets are really on its pages."""
    client = client_as(other_mediator)
    page = readable(client.get(f"/cases/{world.case.pk}/"))
    assert leaks(page, world.secrets()) != []
    own = client_as(world.other_volunteer)
    assert "consultation phone" in leaks(readable(own.get(f"/consultations/{world.consultation.pk}/")),
                                         world.secrets())
    assert "event place" in leaks(readable(own.get(f"/outreach/{world.event.pk}/")), world.secrets())
    response = client.get(world.fill("workflow/<str:flow>/<int:process_pk>/"))  # an old address: to the case page
    assert response.status_code == 302 and response["Location"] == f"/cases/{world.case.pk}/"
    assert client_as(supervisor).get(world.fill("api/documents/<int:document_id>/pdf/")).status_code == 200


def test_no_page_is_a_server_error_for_the_cases_own_mediator_and_a_supervisor(world, other_mediator, supervisor):
    """The same walk as users who may see the case: whatever they are refused, nothing is a 500."""
    failures = []
    for user in (other_mediator, supervisor):
        client = client_as(user)
        for route in ROUTES:
            if route in NO_POST or route in PUBLIC:
                continue
            for method in ("GET", "POST"):
                url = world.fill(route)
                try:
                    status = request(client, method, url).status_code
                except Exception as exc:  # the test client re-raises what the view raised
                    status = f"{type(exc).__name__}: {exc}"
                if not isinstance(status, int) or status >= 500:
                    failures.append(f"{user.username} {method} {url}: {status}")
                if "_auth_user_id" not in client.session:
                    client.force_login(user)
    assert failures == [], "\n".join(failures)


ONLINE_APPLICANT = {"name": "上官网申", "id_number": identifiers.make_resident_id("330102", datetime.date(1990, 5, 6), 313),
                    "phone": "13755550123", "employment_form": "platform"}
ONLINE_QUESTION = "隐秘补充要求：请上传骑手平台的派单记录截图。"


def test_an_online_application_answers_404_for_a_volunteer_of_another_unit(world, volunteer, supervisor, committed):
    """The unit's volunteers review online applications awaiting acceptance (casedesk.cases.access); a volunteer
    of another county sees nothing of one, on every URL that names a case (its evidence files included)."""
    body = registration_body(channel="online", applicants=[ONLINE_APPLICANT])
    photo = portal_evidence.Checked("png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    with committed():
        online = portal_services.submit(body, files=[photo]).application.case
    with committed():
        steps.record(online, "ask_information", volunteer, request=ONLINE_QUESTION)
    county = Unit(name="另县总工会", number_prefix="另工调字", parent=tree.root())
    county.save()
    stranger = UserFactory(username="county_volunteer", role="volunteer")
    unit_services.place(stranger, county)
    walked = copy.copy(world)
    walked.case = online
    secrets = {"case number": online.number, "applicant name": ONLINE_APPLICANT["name"],
               "ID number": ONLINE_APPLICANT["id_number"], "phone": ONLINE_APPLICANT["phone"],
               "masked phone": identifiers.mask_phone(ONLINE_APPLICANT["phone"]), "request": ONLINE_QUESTION}
    client = client_as(stranger)
    failures, checked = [], 0
    with unchanged(online):
        for route in ROUTES:
            if "case_id" not in parameters(route) and route != "online-applications/":
                continue
            for method in ("GET", "POST"):
                problem = check_route(client, route, walked, method, secrets)
                checked += 1
                if problem:
                    failures.append(problem)
    assert failures == [], "\n".join(failures)
    assert checked >= 2 * 10
    # The walk is not blind: a volunteer of the case's unit sees it, its evidence and the request.
    own = client_as(volunteer)
    page = readable(own.get(f"/cases/{online.pk}/"))
    assert {"applicant name", "request"} <= set(leaks(page, secrets))
    assert online.number in readable(own.get("/online-applications/"))
    evidence_id = online.online_application.evidence.get().pk
    assert own.get(f"/cases/{online.pk}/evidence/{evidence_id}/").status_code == 200

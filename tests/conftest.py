"""The suite's spine: ready users for each role, clients logged in as them, a valid registration body,
cases at any state walked through the real services, and `unchanged`, which every refusal test uses
to check that nothing changed."""

import contextlib
import datetime
import os

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from casedesk.cases import calendar, clock, identifiers, intake, roles, transitions, triggers
from casedesk.cases.choices import Status
from casedesk.cases.models import (
    Agreement,
    CalendarDay,
    CalendarYear,
    Case,
    CaseEvent,
    Instalment,
    MediationSession,
    PersonalDataAccess,
)
from casedesk.documents.models import GeneratedDocument
from casedesk.outreach import kinds as outreach_kinds
from casedesk.outreach.models import EventKind
from casedesk.units import tree as unit_tree

from .factories import EmployerFactory, UserFactory

NOW = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.timezone.utc)  # Mon 2 Nov 2026, 10:00 in Shanghai
TODAY = datetime.date(2026, 11, 2)  # the desk's day in every test, whatever the machine's date
# The whole suite runs on that day, whatever the real date: live-server threads read the setting,
# and `manage.py` subprocesses inherit the variable.
os.environ["CASEDESK_CLOCK"] = NOW.isoformat()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """At the end of the session, every session this process still holds on the test database is ended,
    so that the database can be dropped. Seen in full PostgreSQL runs: a worker whose first tests were
    the browser tests kept the connection that made its test database open while the later tests used
    another, and the session's end closed only one, so PostgreSQL refused to drop a database "being
    accessed by other users". The likely cause: Django keeps a connection per context (asgiref's Local)
    and Playwright's sync API runs an event loop in the tests' thread."""
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(autouse=True, scope="session")
def _fixed_process_clock():
    django_settings.CASEDESK_CLOCK = NOW.isoformat()
    yield


@pytest.fixture(autouse=True)
def _fixed_clock():
    """Tests run on Monday 2 November 2026, 10:00 Asia/Shanghai unless they set the clock."""
    with clock.frozen(NOW):
        yield


# Playwright: Debian's chromium (Playwright cannot download browsers here), the desk's locale and zone,
# and the browser on the suite's day too: a context's clock starts at NOW and runs on from there, as
# the live server's is held by CASEDESK_CLOCK, so the pages' scripts and the server agree on "today".

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}, "locale": "zh-CN",
            "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def context(context):
    """pytest-playwright's context (behind its `page`), on the suite's day."""
    context.clock.install(time=NOW)
    return context


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render pages without running collectstatic (no manifest needed)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    """A fresh in-memory cache for each test (the identity look-ups are counted in the cache)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": request.node.nodeid}}


@pytest.fixture(autouse=True)
def _test_media_and_fast_hashing(settings, tmp_path):
    """Generated PDFs go to a temporary folder; passwords hash fast (security is not under test)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )


@pytest.fixture(autouse=True)
def _append_only_flush(request):
    """Transactional tests end with a flush (DELETE on SQLite), which the audit triggers refuse.

    The triggers are put back before each such test, and lifted only for the flush.
    """
    if not _is_transactional(request):
        if _uses_db(request):
            # A transactional test before this one (in this process) ended with its flush:
            # put back what migrations made, inside this test's own transaction.
            request.getfixturevalue("db")
            restore_reference_data()
        yield
        return
    request.getfixturevalue("transactional_db")
    restore_reference_data()
    yield
    triggers.drop(connection)


def _uses_db(request):
    return request.node.get_closest_marker("django_db") is not None or "db" in request.fixturenames


def restore_reference_data():
    """What migrations made (triggers, groups, the holiday table, the kinds of outreach event, the root
    unit), which an earlier test's flush undid. The root unit is made here, before any test's threads
    could race to make it."""
    triggers.install(connection)
    unit_tree.root()
    if not EventKind.objects.exists():
        outreach_kinds.seed(EventKind)
    if Group.objects.filter(name__in=roles.ROLES).count() == len(roles.ROLES) and CalendarYear.objects.exists():
        return
    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)
    if not CalendarYear.objects.exists():
        years, days = calendar.seed_rows()
        CalendarYear.objects.bulk_create(CalendarYear(year=y, source=src) for y, src in years)
        CalendarDay.objects.bulk_create(CalendarDay(date=d, is_working=w, name=n) for d, w, n in days)


@pytest.fixture
def volunteer(db):
    return UserFactory(username="volunteer1", role="volunteer", first_name="李志愿")


@pytest.fixture
def mediator(db):
    return UserFactory(username="mediator1", role="mediator", first_name="陈调解")


@pytest.fixture
def other_mediator(db):
    return UserFactory(username="mediator2", role="mediator", first_name="周调解")


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor1", role="supervisor", first_name="王主任")


@pytest.fixture
def outsider(db):
    """A logged-in user with no desk role."""
    return UserFactory(username="outsider")


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api():
    return client_for


@pytest.fixture
def login(db):
    """login(user) → a Django test client of its own, logged in as `user` (the desk's pages)."""

    def _login(user):
        client = Client()
        client.force_login(user)
        return client

    return _login


def id_number(n, birth=datetime.date(1988, 6, 15)):
    return identifiers.make_resident_id("330102", birth, n)


def registration_body(workers=1, **overrides):
    body = {
        "channel": "walk_in",
        "category": "wage_arrears",
        "summary": "申请人在被申请人处从事缝纫工作，被申请人拖欠2026年7月至9月工资共计18600元。",
        "dispute_started_on": "2026-10-08",
        "applicants": [
            {"name": f"张{n}", "id_number": id_number(n), "phone": f"1380013{n:04d}", "employment_form": "contract"}
            for n in range(workers)
        ],
        "employer": {
            "name": "某某服装有限公司",
            "uscc": identifiers.make_uscc("91330100MA2B3C4D5"),
            "address": "某某县工业园区纬三路8号",
            "contact_name": "刘经理",
            "contact_phone": "0571-88886666",
        },
        "claims": [{"kind": "wage", "amount": "18600.00", "description": "2026年7月至9月工资"}],
        "court_referral": None,
    }
    body.update(overrides)
    return body


def put_at(body, path, value):
    """Set `path` ("applicants.0.id_number": keys, and list indexes as numbers) in `body` to `value`."""
    *parents, last = path.split(".")
    target = body
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


def register_case(actor, **overrides):
    """A case registered by `actor` through the intake service, from registration_body(**overrides)."""
    return intake.register_case(actor=actor, data=registration_body(**overrides)).case


@pytest.fixture
def register(volunteer):
    """Register a case through the intake service (as the volunteer unless told otherwise)."""

    def _register(actor=None, **overrides):
        return register_case(actor or volunteer, **overrides)

    return _register


@pytest.fixture
def walk(supervisor, mediator):
    """Drive a case through transitions by name, each as the user who would take it."""

    def _walk(case, *steps):
        for name, actor, data in steps:
            case = transitions.perform(case, name, actor, **data)
        return case

    return _walk


@pytest.fixture
def employer(db):
    return EmployerFactory()


# Cases in the states the tests need, walked through the real transition service.

REASON = {"reason": "申请人与被申请人已自行和解。"}
AGREEMENT = {
    "terms": "一、被申请人于2026年11月30日前向申请人支付2026年7月至9月工资。\n二、申请人放弃其他请求，双方就本案再无争议。",
    "amount": "18600.00",
    "performance_due": "2026-11-30",
}
APPLICATION = {"court": "某某县人民法院", "applied_on": "2026-11-02"}
RULING = {"ruling_number": "（2026）某0101民特12号", "ruled_on": "2026-11-02"}
COURT_REFERRAL = {
    "court": "某某县人民法院",
    "court_case_number": "（2026）浙0101民诉前调88号",
    "kind": "pre_litigation",
    "referred_on": "2026-10-30",
}

# How a case reaches each state from registration: (transition, who takes it, its data). The
# mediator assigned is `mediator`; the data of `assign` is filled in with that user's id.
ACCEPT = ("accept", "mediator", {})
ASSIGN = ("assign", "supervisor", {"mediator": "mediator"})
AGREE = ("reach_agreement", "mediator", AGREEMENT)
APPLY = ("apply_confirmation", "mediator", APPLICATION)
FAIL = ("record_failure", "mediator", REASON)
CLOSE = ("close", "supervisor", {})
PATHS = {
    Status.SUBMITTED: (),
    Status.ACCEPTED: (ACCEPT,),
    Status.REJECTED: (("reject", "supervisor", REASON),),
    Status.WITHDRAWN: (("withdraw", "volunteer", REASON),),
    Status.MEDIATING: (ACCEPT, ASSIGN),
    Status.AGREED: (ACCEPT, ASSIGN, AGREE),
    Status.FAILED: (ACCEPT, ASSIGN, FAIL),
    Status.CONFIRMING: (ACCEPT, ASSIGN, AGREE, APPLY),
    Status.CONFIRMED: (ACCEPT, ASSIGN, AGREE, APPLY, ("court_confirm", "supervisor", RULING)),
    Status.CLOSED: (ACCEPT, ASSIGN, FAIL, CLOSE),
    Status.ARCHIVED: (ACCEPT, ASSIGN, FAIL, CLOSE, ("archive", "supervisor", {})),
}


@pytest.fixture
def case_at(register, walk, volunteer, mediator, supervisor):
    """case_at(state, **registration) → a case registered by `volunteer` (with registration_body's
    overrides) and walked through the transition service to `state`, each step by who takes it."""
    people = {"volunteer": volunteer, "mediator": mediator, "supervisor": supervisor}

    def _case_at(state, **registration):
        steps = [
            (name, people[role], {k: people[v].pk if k == "mediator" else v for k, v in data.items()})
            for name, role, data in PATHS[Status(state)]
        ]
        case = walk(register(**registration), *steps)
        assert case.status == state
        return case

    return _case_at


@pytest.fixture
def mediating(case_at):
    """mediating(**registration) → a case assigned to `mediator`."""
    return lambda **registration: case_at(Status.MEDIATING, **registration)


@pytest.fixture
def agreed(case_at):
    """agreed(**registration) → a case whose mediation ended in AGREEMENT."""
    return lambda **registration: case_at(Status.AGREED, **registration)


@pytest.fixture
def court_case(mediating):
    """court_case() → a case the court delegated, assigned to `mediator`."""
    return lambda: mediating(channel="court_delegated", court_referral=COURT_REFERRAL)


# Nothing changed: what every refusal test checks besides the status.

# Every table of the case domain and its documents, numbering included (a refusal burns no number),
# a model added later included. Not the access log: a refused action shows the case page again,
# which logs an unmasked view; nor the working-day calendar, reference data no request changes.
NOT_DESK_TABLES = {PersonalDataAccess, CalendarDay, CalendarYear}


def desk_tables():
    models = [*apps.get_app_config("cases").get_models(), *apps.get_app_config("documents").get_models(),
              *apps.get_app_config("payments").get_models()]
    return [model for model in models if model not in NOT_DESK_TABLES]


def case_rows(case):
    """Everything of one case a request could change: its row, its audit chain, its documents, its
    agreements with their instalments, and its sessions (read afresh from the database)."""
    pk = getattr(case, "pk", case)
    return {
        "case": Case.objects.filter(pk=pk).values().get(),
        "events": list(CaseEvent.objects.filter(case_id=pk).order_by("seq").values()),
        "documents": list(GeneratedDocument.objects.filter(case_id=pk).order_by("pk").values()),
        "agreements": list(Agreement.objects.filter(case_id=pk).order_by("pk").values()),
        "instalments": list(Instalment.objects.filter(agreement__case_id=pk).order_by("pk").values()),
        "sessions": list(MediationSession.objects.filter(case_id=pk).order_by("pk").values()),
        "payments": list(apps.get_model("payments", "Payment").objects.filter(case_id=pk).order_by("pk").values()),
    }


def desk_rows():
    """Every row of every table of desk_tables(), as stored."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in desk_tables()}


@contextlib.contextmanager
def unchanged(*cases):
    """`with unchanged(case, ...):` around a refused request fails unless each case's rows
    (case_rows: compared first, for a readable difference) and every row of the desk's tables
    (desk_rows) are exactly as they were. Put it outermost: `with unchanged(case), pytest.raises(...)`."""
    before = [case_rows(case) for case in cases], desk_rows()
    yield
    after = [case_rows(case) for case in cases], desk_rows()
    assert after[0] == before[0]
    assert after[1] == before[1]

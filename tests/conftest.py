"""Ready users for each role, API clients, and a valid registration body."""

import datetime
import os

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.db import connection
from rest_framework.test import APIClient

from casedesk.cases import calendar, clock, identifiers, intake, roles, transitions, triggers
from casedesk.cases.models import CalendarDay, CalendarYear
from casedesk.outreach import kinds as outreach_kinds
from casedesk.outreach.models import EventKind

from .factories import EmployerFactory, UserFactory

NOW = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.timezone.utc)  # Mon 2 Nov 2026, 10:00 in Shanghai
# The whole suite runs on that day, whatever the real date: live-server threads read the setting,
# and `manage.py` subprocesses inherit the variable.
os.environ["CASEDESK_CLOCK"] = NOW.isoformat()


@pytest.fixture(autouse=True, scope="session")
def _fixed_process_clock():
    django_settings.CASEDESK_CLOCK = NOW.isoformat()
    yield


@pytest.fixture(autouse=True)
def _fixed_clock():
    """Tests run on Monday 2 November 2026, 10:00 Asia/Shanghai unless they set the clock."""
    with clock.frozen(NOW):
        yield


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render pages without running collectstatic (no manifest needed)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
    """What migrations made (triggers, groups, the holiday table, the kinds of outreach event),
    which an earlier test's flush undid."""
    triggers.install(connection)
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


@pytest.fixture
def register(volunteer):
    """Register a case through the intake service (as the volunteer unless told otherwise)."""

    def _register(actor=None, **overrides):
        return intake.register_case(actor=actor or volunteer, data=registration_body(**overrides)).case

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

AGREEMENT = {
    "terms": "一、被申请人于2026年11月30日前向申请人支付2026年7月至9月工资。\n二、申请人放弃其他请求，双方就本案再无争议。",
    "amount": "18600.00",
    "performance_due": "2026-11-30",
}
COURT_REFERRAL = {
    "court": "某某县人民法院",
    "court_case_number": "（2026）浙0101民诉前调88号",
    "kind": "pre_litigation",
    "referred_on": "2026-10-30",
}


@pytest.fixture
def mediating(register, walk, mediator, supervisor):
    def _mediating(**overrides):
        case = register(**overrides)
        return walk(case, ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}))

    return _mediating


@pytest.fixture
def agreed(mediating, walk, mediator):
    def _agreed(**overrides):
        return walk(mediating(**overrides), ("reach_agreement", mediator, AGREEMENT))

    return _agreed


@pytest.fixture
def court_case(mediating):
    def _court_case():
        return mediating(channel="court_delegated", court_referral=COURT_REFERRAL)

    return _court_case

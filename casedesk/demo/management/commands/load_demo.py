"""Load the demo desk: users for each role and a year of cases, driven through the real services.

The data lives in fixtures/demo_users.py and fixtures/demo_cases.py (fixtures/demo_documents.py
holds the cases walked through every document, for the sample pages). Every registration and
every step runs through the services (intake.register_case; transitions.perform for a transition,
steps.record for a step such as a recorded session) with the clock frozen at its own moment, all
in time order, so case numbers, deadlines, duplicate links and the audit chain are exactly what
the desk would have made that day. Then the year of consultations and outreach events of
fixtures/demo_outreach.py (dated back from the day of loading) goes through their services the
same way, two consultations becoming cases.

The cases' dates follow the day of loading (casedesk.demo.dates): loaded after the demo's last day,
every date moves forward by whole weeks, so the desk shows a believable month on any day.

Idempotent: once the database holds any case, nothing is loaded (a real desk's cases are never
mixed with demo ones); the demo users and their passwords are printed on every run.
"""

import datetime
import importlib.util
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from casedesk.cases import clock, conflicts, intake, steps, transitions
from casedesk.cases.choices import Status
from casedesk.cases.errors import CaseError
from casedesk.cases.models import Case, Employer
from casedesk.demo import dates
from casedesk.demo import outreach as demo_outreach
from casedesk.demo import portal as demo_portal
from casedesk.documents import receivers
from casedesk.documents.rendering import render_document
from casedesk.roster import services as roster
from casedesk.roster.models import MediatorProfile
from casedesk.units import tree
from casedesk.units.models import Membership, Unit

FIXTURES_DIR = settings.BASE_DIR / "fixtures"
COUNTY = "county"  # the demo's name for the top unit
FIRST_HOUR = datetime.time(9, 0)
# A step given only as a date comes this long after the case's previous event that day.
STEP_GAP = datetime.timedelta(minutes=40)
# A step's documents come this long after it, one after another.
DOCUMENT_GAP = datetime.timedelta(minutes=3)


def load_fixture(name):
    """A module of fixtures/ by file name: the demo data is plain Python, read by path."""
    path = FIXTURES_DIR / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"casedesk_demo_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Command(BaseCommand):
    help = "Load demo users and realistic cases once (nothing if the database holds cases); print the demo users."

    def handle(self, *args, **options):
        demo_users = load_fixture("demo_users")
        users = demo_users.USERS
        existing = Case.objects.count()
        if existing:
            self.stdout.write(f"The database already holds {existing} cases: no demo data loaded.")
        else:
            demo = load_fixture("demo_cases")
            with transaction.atomic():
                units = ensure_units(demo_users.UNITS)
                accounts = ensure_users(users, units)
                load_profiles(demo_users.MEDIATOR_PROFILES, accounts)
                moved = dates.shift(demo.LAST_DAY, timeline(demo.CASES)[-1][0], clock.now())
                load_cases(dates.shifted(demo.CASES, moved), demo.MEDIATOR_RELATIONS, accounts, units)
                demo_outreach.load(load_fixture("demo_outreach"), accounts)
                demo_portal.load(accounts)
            self.print_summary()
        self.print_users(users, demo_users.UNITS)

    def print_summary(self):
        counts = Counter(Case.objects.values_list("status", flat=True))
        self.stdout.write(self.style.SUCCESS(f"Loaded {sum(counts.values())} demo cases:"))
        for status in Status:
            self.stdout.write(f"  {status.value:<11} {counts.get(status.value, 0):>3}")
        self.stdout.write(self.style.SUCCESS(demo_outreach.summary()))

    def print_users(self, specs, units):
        present = set(get_user_model().objects.filter(username__in=[s["username"] for s in specs])
                      .values_list("username", flat=True))
        shown = [s for s in specs if s["username"] in present]
        if not shown:
            self.stdout.write("No demo users in this database.")
            return
        self.stdout.write(self.style.WARNING(
            "Demo users with their initial DEMO passwords, printed for everyone to read: change them "
            "before anyone else can reach this desk."
        ))
        unit_names = {spec["key"]: spec["name"] for spec in units}
        for s in shown:
            where = f"  {unit_names[s['unit']]}" if "unit" in s else ""
            self.stdout.write(f"  {s['role']:<11} {s['username']:<9} {s['password']:<21} {s['first_name']}{where}")


def ensure_units(specs):
    """The demo's units by key, created when missing below their parent; "county" is the top unit."""
    units = {COUNTY: tree.root()}
    for spec in specs:
        units[spec["key"]], _created = Unit.objects.get_or_create(name=spec["name"], parent=units[spec["parent"]])
    return units


def ensure_users(specs, units=None):
    """The demo users by username, created when missing (an existing user keeps its password), each in
    the unit its spec names (the county union without one)."""
    hashes = {}  # one hash per distinct password: each costs a second or more
    accounts = {}
    for spec in specs:
        user, created = get_user_model().objects.get_or_create(
            username=spec["username"], defaults={"first_name": spec["first_name"]}
        )
        if created:
            try:
                password_validation.validate_password(spec["password"], user)
            except ValidationError as error:
                raise CommandError(f"demo password of {spec['username']}: {' '.join(error.messages)}") from error
            if spec["password"] not in hashes:
                hashes[spec["password"]] = make_password(spec["password"])
            user.password = hashes[spec["password"]]
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=spec["role"]))
        if units and "unit" in spec:
            Membership.objects.update_or_create(user=user, defaults={"unit": units[spec["unit"]]})
        accounts[user.username] = user
    return accounts


def load_profiles(profiles, accounts):
    """The mediators' roster profiles, recorded (and logged) as the demo's supervisor's changes."""
    supervisor = next(user for user in accounts.values() if user.groups.filter(name="supervisor").exists())
    for spec in profiles:
        data = {name: spec.get(name, getattr(MediatorProfile(), name)) for name in roster.FIELDS}
        if "on_leave_days" in spec:
            data["on_leave_until"] = clock.today() + datetime.timedelta(days=spec["on_leave_days"])
        roster.update_profile(actor=supervisor, mediator=accounts[spec["username"]], data=data)


def load_cases(cases, relations, accounts, units):
    """Replay every registration and step of `cases` in time order through the services."""
    registered = {}
    pending_relations = list(relations)
    for at, index, step in timeline(cases):
        entry = cases[index]
        with dates.at(at):
            if step is None:
                registered[index] = _register(index, entry, accounts)
                pending_relations = _declare_relations(pending_relations, accounts)
            else:
                registered[index] = _perform(index, registered[index], step, accounts, units)


def timeline(cases):
    """(moment, case index, step or None for the registration), sorted by moment."""
    events = []
    for index, entry in enumerate(cases):
        moment = _moment(entry["submitted_at"], None, index)
        events.append((moment, index, -1, None))
        for position, step in enumerate(entry["steps"]):
            following = _moment(step[3], moment, index + position)
            if following <= moment:
                raise CommandError(f"demo case {index + 1}: step {step[0]} ({step[3]}) is not after the one before it")
            moment = following
            events.append((moment, index, position, step))
    events.sort(key=lambda e: e[:3])
    return [(moment, index, step) for moment, index, _position, step in events]


def _moment(text, previous, jitter):
    """An aware moment from "YYYY-MM-DD HH:MM", or from a date at a working hour."""
    if " " in text:
        return timezone.make_aware(datetime.datetime.fromisoformat(text))
    day = datetime.date.fromisoformat(text)
    if previous is not None and timezone.localtime(previous).date() == day:
        return previous + STEP_GAP
    start = datetime.datetime.combine(day, FIRST_HOUR) + datetime.timedelta(minutes=(jitter * 17) % 90)
    return timezone.make_aware(start)


def _register(index, entry, accounts):
    try:
        return intake.register_case(actor=accounts[entry["registered_by"]], data=entry["registration"]).case
    except CaseError as error:
        raise CommandError(f"demo case {index + 1}: registration refused: {error.message} {error.fields}") from error


# The documents a mediator prints at a step, beside those the step produces by itself
# (casedesk.documents.receivers.AUTOMATIC): the notice of a scheduled session, the record of a held
# one, the agreement for signature, the application to the court.
PRINTED_AT = {
    "session_scheduled": "mediation_notice",
    "record_session": "session_record",
    "reach_agreement": "agreement",
    "apply_confirmation": "confirmation_application",
}


def _perform(index, case, step, accounts, units):
    name, actor, data, _when = step
    data = dict(data)
    if "mediator" in data:
        data["mediator"] = accounts[data["mediator"]].pk
    if "unit" in data:
        data["unit"] = units[data["unit"]].pk
    try:
        if name in steps.STEPS:
            steps.record(case, name, accounts[actor], **data)
        else:
            case = transitions.perform(case, name, accounts[actor], **data)
        _issue_documents(case, name, accounts[actor])
    except CaseError as error:
        raise CommandError(f"demo case {index + 1}: {name} refused: {error.message} {error.fields}") from error
    return case


def _issue_documents(case, name, actor):
    """The documents of step `name`, issued on the step's own day, a few minutes after it and one after
    another (the clock is frozen at the step), as the desk would have issued them. The load commits once,
    at the end; the documents its commit would issue then are issued already, and are not issued again."""
    owed = set(receivers.missing_documents(case))
    kinds = [kind for kind in receivers.automatic_kinds(case, name) if kind in owed]
    kinds += [PRINTED_AT[name]] if name in PRINTED_AT else []
    moment = clock.now()
    for position, kind in enumerate(kinds, start=1):
        with dates.at(moment + DOCUMENT_GAP * position):
            render_document(case, kind, actor)


def _declare_relations(pending, accounts):
    """Declare each relation once its employer is on record (logged, as on the relations page); returns
    those still waiting."""
    waiting = []
    for relation in pending:
        employer = Employer.objects.filter(uscc=relation["employer_uscc"]).first()
        if employer is None:
            waiting.append(relation)
            continue
        mediator = accounts[relation["mediator"]]
        conflicts.declare(actor=mediator, mediator=mediator, employer=employer, relation=relation["relation"])
    return waiting

"""The demo desk (`manage.py load_demo`): loaded once, through the real services, covering every path."""

import datetime
import io
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings

from casedesk.cases import audit, deadlines, selectors
from casedesk.cases.choices import Category, Channel, Status
from casedesk.cases.models import Applicant, Case, CaseEvent, MediationSession, MediatorRelation
from casedesk.consultations.choices import ConsultationChannel, Topic
from casedesk.consultations.models import Consultation
from casedesk.demo.management.commands.load_demo import load_fixture
from casedesk.outreach.access import visible_events
from casedesk.outreach.models import OutreachEvent
from casedesk.units import tree
from casedesk.units.models import Unit

from ..conftest import NOW, restore_reference_data

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# The demo hashes its passwords with the real hasher once per run; the tests need not wait for it.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    """Where the demo's PDFs go."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """The demo loaded twice, once for the whole module; rolled back afterwards. Returns both outputs."""
    media = demo_media
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=media):
        with transaction.atomic():
            restore_reference_data()
            outputs = []
            for _run in range(2):
                out = io.StringIO()
                call_command("load_demo", stdout=out)
                outputs.append(out.getvalue())
            yield outputs
            transaction.set_rollback(True)


def test_a_second_run_loads_nothing(demo):
    first, second = demo
    assert "Loaded" in first
    assert "Loaded" not in second
    assert f"already holds {Case.objects.count()} cases" in second


def test_the_demo_users_and_their_passwords_are_printed_on_every_run(demo):
    for output in demo:
        for username in ("zhiyuan1", "zhiyuan2", "tiaojie1", "tiaojie2", "tiaojie3", "zhuren", "zhanzhang", "zhiyuan3"):
            assert username in output
        assert "Demo-2026-supervisor" in output
        assert "DEMO passwords" in output


def test_demo_users_hold_their_roles(demo, django_user_model):
    roles = {u.username: set(u.groups.values_list("name", flat=True)) for u in django_user_model.objects.all()}
    assert roles["zhiyuan1"] == {"volunteer"}
    assert roles["tiaojie1"] == {"mediator"}
    assert roles["zhuren"] == {"supervisor"}


def test_at_least_thirty_cases(demo):
    assert Case.objects.count() >= 30


@pytest.mark.parametrize(
    ("field", "values"),
    [("status", Status.values), ("category", Category.values), ("channel", Channel.values)],
)
def test_every_state_category_and_channel_is_present(demo, field, values):
    assert set(Case.objects.values_list(field, flat=True)) == set(values)


def test_collective_and_platform_cases_are_present(demo):
    assert Case.objects.filter(is_collective=True).count() >= 2
    assert Applicant.objects.filter(employment_form="platform").exists()


def test_court_cases_carry_their_referral(demo):
    court_cases = Case.objects.filter(channel__in=[Channel.COURT_DELEGATED, Channel.COURT_COMMISSIONED])
    assert court_cases.count() >= 4
    assert not court_cases.filter(court_referral__isnull=True).exists()


def test_a_service_station_registers_a_case_and_sends_it_up_to_the_county(demo, django_user_model):
    """The demo has a unit below the county union, with its own volunteer and head; one of its cases is
    transferred up (转办), so the unit tree, a transfer and the figures by unit can be shown."""
    station = Unit.objects.get(name="某某县数字经济产业园职工服务站")
    assert station.parent == tree.root()
    assert {m.user.username for m in station.members.select_related("user")} == {"zhanzhang", "zhiyuan3"}
    transfer = CaseEvent.objects.get(action="transfer")
    assert (transfer.actor.username, transfer.data["from_unit"], transfer.data["to_unit"]) == (
        "zhanzhang", station.pk, tree.root().pk)
    assert transfer.case.registered_by.username == "zhiyuan3" and transfer.case.unit == tree.root()
    # The station's own case waits for its head's decision; the county's head sees it too (the unit below).
    own = Case.objects.get(unit=station)
    assert (own.status, own.registered_by.username) == (Status.SUBMITTED, "zhiyuan3")
    # Sent up, the case is the county's: its head finds it, the station's no longer does.
    heads = {u.username: u for u in django_user_model.objects.filter(username__in=("zhanzhang", "zhuren"))}
    assert selectors.list_queryset(heads["zhuren"]).filter(pk=transfer.case_id).exists()
    assert not selectors.list_queryset(heads["zhanzhang"]).filter(pk=transfer.case_id).exists()


def test_the_special_paths_are_present(demo):
    assert CaseEvent.objects.filter(action="reopen").exists()
    assert CaseEvent.objects.filter(action="extend").exists()
    assert CaseEvent.objects.filter(action="reassign").exists()
    assert CaseEvent.objects.filter(action="court_reject").exists()
    assert Case.objects.filter(agreements__instalments__isnull=False).exists()
    assert Case.objects.filter(related_case__isnull=False).exists()


def test_the_sessions_are_recorded_through_the_step_service_each_with_its_event(demo):
    sessions = list(MediationSession.objects.all())
    assert len(sessions) >= 2
    for session in sessions:
        event = CaseEvent.objects.get(case=session.case, action="record_session", data__session=session.pk)
        assert event.actor == session.mediator and event.at >= session.held_at


def test_a_declared_conflict_keeps_the_mediator_off_that_employers_cases(demo):
    relation = MediatorRelation.objects.get()
    assert Case.objects.filter(employer=relation.employer).count() >= 2
    assert not Case.objects.filter(employer=relation.employer, mediator=relation.mediator).exists()


def test_the_demo_mediators_are_on_the_roster_each_profile_logged_as_the_supervisors_change(demo):
    from casedesk.roster.models import MediatorProfile, RosterChange

    profiles = {p.user.username: p for p in MediatorProfile.objects.select_related("user")}
    assert set(profiles) == {"tiaojie1", "tiaojie2", "tiaojie3"}
    assert profiles["tiaojie2"].public_title == "律师" and profiles["tiaojie3"].takes_court_cases is False
    assert profiles["tiaojie3"].on_leave_until > NOW.date()
    assert set(RosterChange.objects.values_list("changed_by__username", flat=True)) == {"zhuren"}


def test_two_online_applications_wait_in_the_queue_one_asked_for_more_and_answered(demo, client):
    from casedesk.portal.models import Application

    applications = list(Application.objects.select_related("case").order_by("created_at"))
    assert [(a.case.channel, a.case.status) for a in applications] == [(Channel.ONLINE, Status.SUBMITTED)] * 2
    assert all(a.created_at < NOW for a in applications)
    (request,) = applications[0].information_requests.all()
    assert request.asked_by.username == "zhiyuan1" and request.answer and request.answered_at > request.asked_at
    assert not applications[1].information_requests.exists()
    client.force_login(get_user_model().objects.get(username="zhiyuan1"))
    queue = client.get("/online-applications/").content.decode()
    assert all(f'id="online-{a.case_id}"' in queue for a in applications)


def test_supervisors_see_overdue_work_now_and_later_in_november(demo):
    for today in (NOW.date(), NOW.date().replace(day=26)):
        assert Case.objects.filter(deadlines.overdue_q(today)).count() >= 2


def test_every_audit_chain_is_intact(demo):
    assert audit.verify_all() == []


def test_nothing_is_dated_after_the_test_clock_and_each_case_moves_forward_in_time(demo):
    assert not CaseEvent.objects.filter(at__gt=NOW).exists()
    for case in Case.objects.prefetch_related("events"):
        times = [event.at for event in case.events.all()]
        assert times == sorted(times) and len(set(times)) == len(times), case.number


def test_each_document_number_in_the_data_names_one_person():
    # Intake merges applicants by document number, so a slip here would silently rename someone.
    names = {}
    for entry in load_fixture("demo_cases").CASES:
        for applicant in entry["registration"]["applicants"]:
            if applicant.get("id_number"):
                names.setdefault(applicant["id_number"], set()).add(applicant["name"])
    assert {number: n for number, n in names.items() if len(n) > 1} == {}


def test_a_year_of_consultations_and_events_in_the_proportions_of_the_unions_summary(demo):
    """Far more consultations and people served than cases; a dozen or so events serving thousands."""
    cases = Case.objects.count()
    consulted = Consultation.objects.aggregate(people=Sum("people"))["people"]
    held = OutreachEvent.objects.aggregate(people=Sum("people_served"), leaflets=Sum("leaflets"))
    assert Consultation.objects.count() >= 5 * cases and consulted > Consultation.objects.count()
    assert 8 <= OutreachEvent.objects.count() <= 20
    assert held["people"] >= 1000 and held["leaflets"] >= 1000
    assert held["people"] + consulted > 20 * cases
    for field, values in (("channel", ConsultationChannel.values), ("topic", Topic.values)):
        assert set(Consultation.objects.values_list(field, flat=True)) == set(values)
    assert Consultation.objects.filter(contact_consent=True).exclude(phone="").exists()


def test_the_consultations_and_events_cover_the_year_up_to_the_day_of_loading(demo):
    today = NOW.astimezone(SHANGHAI).date()
    first = Consultation.objects.order_by("asked_at").first().asked_at.astimezone(SHANGHAI).date()
    assert today - datetime.timedelta(days=366) <= first <= today - datetime.timedelta(days=330)
    assert not Consultation.objects.filter(asked_at__gt=NOW).exists()
    assert not Consultation.objects.filter(recorded_at__gt=NOW).exists()
    assert not OutreachEvent.objects.filter(held_on__gt=today).exists()
    assert OutreachEvent.objects.filter(held_on__lt=today - datetime.timedelta(days=300)).exists()


def test_consultations_at_an_event_fall_on_its_day_and_two_became_cases(demo):
    at_events = Consultation.objects.filter(event__isnull=False).select_related("event")
    assert at_events.exists()
    for consultation in at_events:
        assert consultation.channel == "at_event"
        assert consultation.asked_at.astimezone(SHANGHAI).date() == consultation.event.held_on
        assert visible_events(consultation.recorded_by).filter(pk=consultation.event_id).exists()
    converted = Consultation.objects.filter(case__isnull=False).select_related("case")
    assert converted.count() == 2
    for consultation in converted:
        assert consultation.case.submitted_at > consultation.asked_at
        assert consultation.case.registered_by == consultation.recorded_by
    numbers = list(Case.objects.order_by("year", "serial").values_list("submitted_at", flat=True))
    assert numbers == sorted(numbers), "case numbers follow registration times"


def test_each_case_holds_the_documents_of_its_steps_issued_on_the_day_each_step_happened(demo):
    from casedesk.demo.management.commands.load_demo import PRINTED_AT
    from casedesk.documents import receivers
    from casedesk.documents.models import GeneratedDocument

    for case in Case.objects.all():
        events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
        expected, issued = [], []
        for event in events:
            if event.action == "document":
                issued.append((event.data["kind"], event.at.astimezone(SHANGHAI).date()))
                continue
            day = event.at.astimezone(SHANGHAI).date()
            kinds = [k.value for k in receivers.automatic_kinds(case, event.action)]
            kinds += [PRINTED_AT[event.action]] if event.action in PRINTED_AT else []
            expected += [(kind, day) for kind in kinds]
        assert issued == expected, case.number
        assert receivers.missing_documents(case) == []
    assert GeneratedDocument.objects.filter(created_at__gt=NOW).count() == 0
    assert GeneratedDocument.objects.filter(kind="rejection_notice").exists()
    assert GeneratedDocument.objects.filter(kind="termination").exists()
    assert GeneratedDocument.objects.filter(kind="closing_report").count() == Case.objects.filter(
        status__in=("closed", "archived")).count()


def test_a_case_in_mediation_holds_a_held_session_and_the_notice_of_the_next_one(demo):
    from casedesk.documents.models import GeneratedDocument

    scheduled = CaseEvent.objects.get(action="session_scheduled")
    case = scheduled.case
    assert case.status == Status.MEDIATING and case.sessions.count() == 1
    kinds = set(GeneratedDocument.objects.filter(case=case).values_list("kind", flat=True))
    assert {"acceptance_notice", "session_record", "mediation_notice"} <= kinds


def test_an_archived_case_file_holds_every_document_issued_before_it(demo, demo_media):
    import re
    import subprocess

    from casedesk.documents.models import GeneratedDocument

    archived = Case.objects.filter(status=Status.ARCHIVED)
    assert archived.exists()
    for case in archived:
        case_file = GeneratedDocument.objects.get(case=case, kind="case_file")
        before = GeneratedDocument.objects.filter(case=case, created_at__lt=case_file.created_at)
        assert before.count() >= 2  # the decision's notice or the agreement, and the closing report at least
        assert not GeneratedDocument.objects.filter(case=case, created_at__gt=case_file.created_at).exists()
        path = demo_media / case_file.file_path
        text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True,
                                                 text=True).stdout)
        assert f"卷内文书{before.count()}件" in text, case.number
        assert all(d.number in text for d in before)

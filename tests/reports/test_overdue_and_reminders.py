"""Overdue and at-risk work, and the deadline reminders (record first, then send, each once).

Today is Mon 2 November 2026 (tests/conftest.py). 31 Oct and 1 Nov are a weekend.
  late:    registered Mon 26 Oct, acceptance due Thu 29 Oct, still submitted: overdue by 2 working days
  soon:    registered Fri 30 Oct, acceptance due Wed 4 Nov: at risk, 2 working days left
  fine:    registered today, acceptance due Thu 5 Nov: 3 working days left, neither
  stalled: accepted Mon 12 Oct, mediation due Tue 27 Oct, mediating with mediator1: overdue
"""

import pytest
from django.core import mail
from django.core.management import call_command

from casedesk.cases import clock
from casedesk.reports import reminders, watch
from casedesk.reports.models import Reminder

from .conftest import shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(story, mediator, supervisor):
    mediator.email, supervisor.email = "mediator1@union.example", "supervisor1@union.example"
    mediator.save()
    supervisor.save()
    cases = {
        "late": story.register(shanghai(2026, 10, 26)),
        "soon": story.register(shanghai(2026, 10, 30)),
        "fine": story.register(shanghai(2026, 11, 2, 9)),
        "stalled": story.mediate(story.register(shanghai(2026, 10, 12, 9)), shanghai(2026, 10, 12)),
    }
    return {k: v.pk for k, v in cases.items()}


def test_overdue_and_at_risk_work_is_found_with_its_legal_basis(work):
    found = {w.case.pk: w for w in watch.due_work()}
    assert set(found) == {work["late"], work["soon"], work["stalled"]}
    late, soon, stalled = found[work["late"]], found[work["soon"]], found[work["stalled"]]
    assert (late.kind, late.overdue, late.working_days) == ("acceptance", True, 2)
    assert (soon.kind, soon.overdue, soon.working_days) == ("acceptance", False, 2)
    assert (stalled.kind, stalled.overdue, str(stalled.due)) == ("mediation", True, "2026-10-27")
    assert "第二十三条" in late.basis and "第十四条" in stalled.basis


def test_the_overdue_list_agrees_with_the_api(api, supervisor, work):
    listed = api(supervisor).get("/api/cases/", {"overdue": "true"}).json()
    assert {c["id"] for c in listed["results"]} == {w.case.pk for w in watch.due_work() if w.overdue}


def test_work_is_grouped_by_mediator_unassigned_last(work, mediator):
    groups = watch.by_mediator(watch.due_work())
    assert [m for m, _ in groups] == [mediator, None]
    assert [w.case.pk for w in groups[0][1]] == [work["stalled"]]


def test_the_page_shows_the_work_by_mediator(client, supervisor, work):
    client.force_login(supervisor)
    html = client.get("/deadlines/").content.decode()
    assert f'class="overdue" data-case="{work["late"]}"' in html
    assert f'class="at-risk" data-case="{work["soon"]}"' in html
    assert f'data-case="{work["fine"]}"' not in html


def test_a_mediator_sees_only_the_work_they_may_see(client, other_mediator, work):
    client.force_login(other_mediator)
    html = client.get("/deadlines/").content.decode()
    assert f'data-case="{work["stalled"]}"' not in html  # assigned to mediator1
    assert f'data-case="{work["late"]}"' in html  # unassigned: every mediator sees it


@pytest.fixture
def with_mail(settings):
    settings.EMAIL_HOST = "smtp.union.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


EXPECTED = 4  # late → supervisor; soon → supervisor; stalled → mediator and supervisor


def test_a_second_run_sends_nothing_again(work, with_mail):
    first, second = reminders.run(), reminders.run()
    assert (first.recorded, first.emailed) == (EXPECTED, EXPECTED)
    assert (second.recorded, second.emailed) == (0, 0)
    assert Reminder.objects.count() == EXPECTED == len(mail.outbox)
    assert sorted(m.to[0] for m in mail.outbox) == ["mediator1@union.example"] + ["supervisor1@union.example"] * 3


def test_a_run_that_stops_between_record_and_send_leaves_the_rest_to_the_next(work, with_mail):
    assert reminders.record() == EXPECTED  # … and the process dies here
    assert len(mail.outbox) == 0
    reminders.run()
    reminders.run()
    assert len(mail.outbox) == EXPECTED
    assert set(Reminder.objects.values_list("email", flat=True)) == {Reminder.Email.SENT}


class Crash(BaseException):
    """The process dying: not an error the service may catch."""


class CrashAfterSending:
    """A mail backend whose first message goes out and then the process dies before recording it."""

    crashed = False

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        if not CrashAfterSending.crashed:
            CrashAfterSending.crashed = True
            raise Crash()
        return len(messages)


def test_a_crash_after_sending_does_not_send_that_reminder_again(work, with_mail, settings):
    settings.EMAIL_BACKEND = f"{__name__}.CrashAfterSending"
    with pytest.raises(Crash):
        reminders.run()
    assert len(mail.outbox) == 1
    assert Reminder.objects.filter(email=Reminder.Email.SENDING).count() == 1
    reminders.run()
    reminders.run()
    assert len(mail.outbox) == EXPECTED
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == EXPECTED


def test_without_a_mail_server_the_reminders_are_only_in_the_app(work, client, mediator, settings):
    settings.EMAIL_HOST = ""
    call_command("send_reminders", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 0
    assert set(Reminder.objects.values_list("email", flat=True)) == {Reminder.Email.NOT_SENT}
    client.force_login(mediator)
    html = client.get("/reports/reminders/").content.decode()
    assert html.count('class="unread overdue"') == 1


def test_marking_reminders_read_is_dated_by_the_desks_clock(work, client, mediator):
    reminders.run()
    client.force_login(mediator)
    moment = shanghai(2026, 11, 3, 9, 15)
    with clock.frozen(moment):
        assert client.post("/reports/reminders/").status_code == 302
    assert set(Reminder.objects.filter(recipient=mediator).values_list("read_at", flat=True)) == {moment}


def test_an_extended_deadline_is_a_new_reminder(work, with_mail, story):
    reminders.run()
    from casedesk.cases.models import Case

    stalled = Case.objects.get(pk=work["stalled"])
    story.step(stalled, shanghai(2026, 11, 2), "extend", until="2026-11-03", reason="双方同意延期。", parties_consent=True)
    assert reminders.run().recorded == 2  # mediator and supervisor, for the new due date

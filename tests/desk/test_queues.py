"""The home page's lists (casedesk.desk.queues) read what each user sees (casedesk.cases.access): "recent
changes" reads each branch of it on its own and keeps the newest, and must list exactly the cases the
whole of it would, in the same order."""

import datetime
import itertools

import pytest
from django.utils import timezone

from casedesk.cases import clock, roles, selectors
from casedesk.cases.choices import OPEN_STATES, Channel, Status
from casedesk.cases.models import Case
from casedesk.desk import queues
from casedesk.portal.identity import portal_user
from casedesk.reports import watch
from casedesk.units.models import Unit

from ..factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def first_of_everything_visible(user, rows, order, **where):
    return list(selectors.list_queryset(user).filter(**where).order_by(*order)[:rows])


@pytest.fixture
def desk(volunteer, mediator, other_mediator):
    """Cases of every kind a role's branches tell apart, each changed at its own moment (and two at the same
    one, which the id orders): registered by the volunteer or by another, online applications awaiting review
    or accepted, unassigned or assigned, in the root unit or in a unit below it."""
    portal, someone = portal_user(), UserFactory(username="volunteer9", role="volunteer")
    below = Unit.objects.create(name="某某街道服务站", parent=Unit.objects.get(parent=None))
    kinds = [
        {"registered_by": volunteer},
        {"registered_by": volunteer, "status": Status.MEDIATING, "mediator": other_mediator},
        {"registered_by": someone},
        {"registered_by": portal, "channel": Channel.ONLINE},
        {"registered_by": portal, "channel": Channel.ONLINE, "status": Status.ACCEPTED},
        {"registered_by": someone, "status": Status.ACCEPTED},
        {"registered_by": someone, "status": Status.MEDIATING, "mediator": mediator},
        {"registered_by": volunteer, "unit": below},
        {"registered_by": portal, "channel": Channel.ONLINE, "unit": below},
    ]
    start = timezone.make_aware(datetime.datetime(2026, 10, 1, 9))
    cases = [CaseFactory(**kind) for kind in itertools.chain(kinds, kinds)]
    for n, case in enumerate(cases):
        moment = start + datetime.timedelta(hours=n // 2 * 2 if n % 4 == 1 else n)
        Case.objects.filter(pk=case.pk).update(updated_at=moment)
    return cases


@pytest.mark.parametrize("rows", [1, 3, 8, 50])
@pytest.mark.parametrize("who", ["volunteer", "mediator", "other_mediator", "supervisor"])
def test_recent_changes_are_the_newest_of_all_the_user_sees(desk, request, who, rows):
    user = request.getfixturevalue(who)

    recent = queues.recent_cases(user, rows)

    assert recent == first_of_everything_visible(user, rows, ("-updated_at", "-id"))
    assert len(recent) == min(rows, len(selectors.list_queryset(user)))


@pytest.mark.parametrize("rows", [1, 3, 50])
@pytest.mark.parametrize("who", ["volunteer", "mediator", "supervisor"])
def test_new_cases_are_the_first_submitted_of_all_the_user_sees(desk, request, who, rows):
    user = request.getfixturevalue(who)
    for n, case in enumerate(desk):  # submitted in another order than changed, some at the same moment
        Case.objects.filter(pk=case.pk).update(submitted_at=case.updated_at - datetime.timedelta(days=n % 3))

    new = queues.new_cases(user, rows)

    assert new == first_of_everything_visible(user, rows, ("submitted_at", "id"), status=Status.SUBMITTED)
    assert new and {case.status for case in new} == {Status.SUBMITTED}


def test_a_volunteers_recent_changes_are_their_registrations_and_the_online_applications_to_review(
    desk, volunteer
):
    recent = queues.recent_cases(volunteer, 50)

    assert {(c.registered_by_id == volunteer.pk, roles.awaits_online_review(c)) for c in recent} == {
        (True, False), (False, True)
    }
    assert {c.unit.parent_id for c in recent} == {None}  # the unit below is not theirs
    assert [c.updated_at for c in recent] == sorted((c.updated_at for c in recent), reverse=True)
    assert recent[0].employer.name and hasattr(recent[0], "overdue")  # what the list shows of each


@pytest.fixture
def due(desk):
    """The desk's cases with deadlines passed long ago, yesterday, today, soon and far off, and some without a
    mediation deadline (a submitted case waits on its acceptance deadline, an accepted or mediated one on its mediation
    deadline), several on the same day, which the id orders."""
    today = clock.today()
    offsets = [-40, -1, 0, 1, 2, None, 30, -1, 0, 3]
    for n, case in enumerate(desk):
        offset = offsets[n % len(offsets)]
        day = None if offset is None else today + datetime.timedelta(days=offset)
        Case.objects.filter(pk=case.pk).update(acceptance_due=day or today + datetime.timedelta(days=90),
                                               mediation_due=day)
    return desk


@pytest.mark.parametrize("rows", [1, 3, 8, 50])
@pytest.mark.parametrize("who", ["volunteer", "mediator", "other_mediator", "supervisor"])
def test_the_soonest_deadlines_are_the_first_of_every_deadline_the_user_sees(due, request, who, rows):
    user = request.getfixturevalue(who)
    everything = list(queues.deadline_cases(user))

    soonest = queues.soonest_deadlines(user, rows)

    assert soonest == everything[:rows]
    assert [case.due for case in soonest] == [case.due for case in everything[:rows]]
    assert len(everything) > 1 or who == "other_mediator"


@pytest.mark.parametrize("rows", [1, 3, 50])
def test_a_volunteers_latest_registrations_are_their_open_cases_that_came_in_last(desk, volunteer, rows):
    for n, case in enumerate(desk):
        Case.objects.filter(pk=case.pk).update(submitted_at=case.updated_at - datetime.timedelta(days=n % 3))

    latest = queues.latest_registrations(volunteer, rows)

    expected = first_of_everything_visible(volunteer, rows, ("-submitted_at", "-id"), registered_by=volunteer,
                                           status__in=OPEN_STATES)
    assert latest == expected
    assert latest and {case.registered_by_id for case in latest} == {volunteer.pk}


@pytest.mark.parametrize("rows", [1, 3, 50])
@pytest.mark.parametrize("who", ["volunteer", "mediator", "supervisor"])
def test_the_deadline_pages_first_rows_are_the_first_of_every_deadline_the_user_sees(due, request, who, rows):
    user = request.getfixturevalue(who)

    work = watch.due_work(user, limit=rows)

    expected = list(watch.due_cases(user)[:rows])
    assert [item.case for item in work] == expected
    assert [(item.due, item.overdue) for item in work] == [(case.due, case.overdue) for case in expected]

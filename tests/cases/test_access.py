"""Opening a case for a user (casedesk.cases.access), and who is a supervisor (casedesk.cases.roles)."""

import pytest
from django.http import Http404

from casedesk.cases import access, roles
from casedesk.cases.models import PersonalDataAccess
from casedesk.reports import reminders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def logged():
    """The openings logged (registering a case also logs its identity look-ups: not what these test)."""
    return list(PersonalDataAccess.objects.exclude(action="identity_lookup").values_list("user_id", "case_id", "action", "detail"))


def test_a_supervisor_opens_a_case_unmasked_and_the_view_is_logged(register, supervisor):
    case = register()
    opened = access.open_case_for(supervisor, case.pk)
    assert opened.case == case and opened.unmasked
    assert logged() == [(supervisor.pk, case.pk, "view_case", {})]


def test_the_assigned_mediator_opens_their_case_unmasked(mediating, mediator):
    case = mediating()
    assert access.open_case_for(mediator, case.pk).unmasked
    assert logged() == [(mediator.pk, case.pk, "view_case", {})]


def test_the_registering_volunteer_opens_the_case_masked_and_nothing_is_logged(register, volunteer):
    case = register()
    opened = access.open_case_for(volunteer, case.pk)
    assert opened.case == case and not opened.unmasked
    assert logged() == []


def test_a_case_the_user_may_not_see_is_not_found_and_nothing_is_logged(register):
    case = register()
    stranger = UserFactory(username="volunteer2", role="volunteer")
    with pytest.raises(Http404):
        access.open_case_for(stranger, case.pk)
    with pytest.raises(Http404):
        access.case_for(stranger, case.pk)
    assert logged() == []


def test_an_opening_is_logged_with_its_own_action_and_detail(register, supervisor):
    case = register()
    access.open_case_for(supervisor, case.pk, action="download_document", document=7)
    assert logged() == [(supervisor.pk, case.pk, "download_document", {"document": 7})]


def test_a_superuser_is_a_supervisor_everywhere(register):
    case = register()
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert roles.is_supervisor(root) and roles.role_of(root) == roles.SUPERVISOR
    assert access.open_case_for(root, case.pk).unmasked
    assert list(roles.supervisors()) == [root] and reminders.supervisors() == [root]


def test_an_inactive_superuser_or_supervisor_holds_no_role(register, supervisor):
    case = register()
    root = UserFactory(username="root", is_staff=True, is_superuser=True, is_active=False)
    supervisor.is_active = False
    supervisor.save()
    for user in (root, supervisor):
        assert not roles.is_supervisor(user) and roles.role_of(user) is None
        with pytest.raises(Http404):
            access.case_for(user, case.pk)
    assert list(roles.supervisors()) == []


def test_the_supervisors_are_the_group_and_the_superusers(supervisor, mediator, volunteer):
    root = UserFactory(username="root", is_superuser=True)
    assert set(roles.supervisors()) == {supervisor, root}
    assert all(roles.is_supervisor(user) for user in roles.supervisors())
    assert not any(roles.is_supervisor(user) for user in (mediator, volunteer))

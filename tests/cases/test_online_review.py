"""An online application awaiting acceptance (the desk's 网上申请 queue) is one rule in two forms
(casedesk.cases.roles): a query, which scopes what a volunteer sees, and a test of one case, which
decides what they may do with it. Both must say the same of every case."""

import pytest
from django.contrib.auth.hashers import make_password

from casedesk.cases import roles
from casedesk.cases.choices import Channel, Status
from casedesk.cases.models import Case
from casedesk.portal.identity import portal_user

from ..conftest import register_case

pytestmark = pytest.mark.django_db


def as_query_says(case, rule):
    return Case.objects.filter(rule, pk=case.pk).exists()


@pytest.fixture
def cases(volunteer):
    """Every way a case can miss the rule, and the one way it meets it (the first)."""
    portal = portal_user()
    awaiting = register_case(portal, channel=Channel.ONLINE)
    accepted = register_case(portal, channel=Channel.ONLINE)
    Case.objects.filter(pk=accepted.pk).update(status=Status.ACCEPTED)
    walk_in = register_case(portal, channel=Channel.WALK_IN)
    by_volunteer = register_case(volunteer, channel=Channel.ONLINE)
    return [awaiting, accepted, walk_in, by_volunteer]


def agree(cases):
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]).select_related("registered_by"):
        assert roles.awaits_online_review(case) == as_query_says(case, roles.AWAITING_ONLINE_REVIEW), case.pk
        assert roles.is_online_application(case) == as_query_says(case, roles.ONLINE_APPLICATION), case.pk


def test_the_query_and_the_test_of_one_case_agree_on_every_case(cases):
    agree(cases)
    assert list(Case.objects.filter(roles.AWAITING_ONLINE_REVIEW)) == [cases[0]]

    portal = cases[0].registered_by  # someone gives the system account a password: it is no portal any more
    portal.password = make_password("a password")
    portal.save(update_fields=["password"])

    agree(cases)
    assert not Case.objects.filter(roles.ONLINE_APPLICATION).exists()


def test_only_the_submitted_online_application_awaits_review(cases):
    fresh = Case.objects.select_related("registered_by").in_bulk([c.pk for c in cases])
    verdicts = [(roles.awaits_online_review(fresh[c.pk]), as_query_says(c, roles.AWAITING_ONLINE_REVIEW))
                for c in cases]
    assert verdicts == [(True, True), (False, False), (False, False), (False, False)]

"""Two counties under a city (tests/units/conftest.py), with the east county's mediators on its roster
and an accepted wage-arrears case of the east county to assign."""

import pytest

from casedesk.cases import transitions
from casedesk.cases.choices import Status
from casedesk.roster.models import MediatorProfile
from casedesk.units.models import Unit

from ..conftest import register_case
from ..factories import CaseFactory
from ..units.conftest import Tree


class County(Tree):
    def mediator(self, name, where=None, load=0, **profile):
        """A mediator of `where` (the east county) with `load` cases in hand and the given profile."""
        made = self.user(name, "mediator", where or self.east)
        made.first_name = name
        made.save(update_fields=["first_name"])
        if profile:
            MediatorProfile.objects.create(user=made, **profile)
        for _ in range(load):
            CaseFactory(status=Status.MEDIATING, mediator=made, unit=where or self.east)
        return made

    def accepted_case(self, volunteer="east_volunteer", **registration):
        case = register_case(self.users[volunteer], **registration)
        return transitions.perform(case, "accept", self.users["east_supervisor"])


@pytest.fixture
def county(db):
    t = County()
    t.user("east_volunteer", "volunteer", t.east)
    t.user("east_station_volunteer", "volunteer", t.east_station)
    t.user("east_supervisor", "supervisor", t.east)
    t.user("west_supervisor", "supervisor", t.west)
    t.user("city_supervisor", "supervisor", t.city)
    assert Unit.objects.count() == 6
    return t

"""The scenario's tree: a city under the root unit, two counties under it, a service station under
each (the stations without a 字号 of their own), and a user of each role where the scenario needs one."""

import datetime

import pytest

from casedesk.units import services, tree
from casedesk.units.models import TransferAgreement, Unit

from ..factories import UserFactory


def unit(name, parent, prefix="", seal=""):
    made = Unit(name=name, parent=parent, number_prefix=prefix, seal_text=seal)
    made.save()
    return made


class Tree:
    def __init__(self):
        self.root = tree.root()
        self.city = unit("某市总工会", self.root, "市工调字")
        self.east = unit("东县总工会", self.city, "东工调字", seal="东县总工会劳动争议调解委员会")
        self.west = unit("西县总工会", self.city, "西工调字")
        self.east_station = unit("东县开发区职工维权服务站", self.east)
        self.west_station = unit("西县新城职工维权服务站", self.west)
        self.users = {}

    def agree(self, sender, receiver):
        """`receiver` agrees to receive transfers from `sender` (a neighbour county: across)."""
        return TransferAgreement.objects.create(from_unit=sender, to_unit=receiver, agreed_on=datetime.date(2026, 10, 1),
                                                note="市总工会协调会议纪要")

    def user(self, name, role, where):
        made = UserFactory(username=name, role=role)
        services.place(made, where)
        self.users[name] = made
        return made


@pytest.fixture
def units():
    t = Tree()
    t.user("east_station_volunteer", "volunteer", t.east_station)
    t.user("east_mediator", "mediator", t.east)
    t.user("east_supervisor", "supervisor", t.east)
    t.user("west_volunteer", "volunteer", t.west)
    t.user("west_mediator", "mediator", t.west)
    t.user("west_supervisor", "supervisor", t.west)
    t.user("city_supervisor", "supervisor", t.city)
    return t

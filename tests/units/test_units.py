"""Units (issue 18), the scenario as far as it is built: two counties under one city, each with a
service station. A station's volunteer registers; the case takes its county's 字号 and numbering;
the other county's mediators and supervisor get 404 on every way in; the county's and the city's
supervisors see it; each county's documents carry its own name, seal and numbers."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import ValidationError
from django.db.models import Q

from casedesk.cases import access, transitions
from casedesk.cases.models import Case, NumberSequence
from casedesk.documents import rendering
from casedesk.units import tree
from casedesk.units.admin import UnitAdmin
from casedesk.units.models import Membership, Unit

from ..conftest import register_case
from ..documents.conftest import pdf_text
from ..factories import UserFactory
from .conftest import unit

pytestmark = pytest.mark.django_db


def test_the_tree_is_one_prefix_filter_at_any_depth_and_follows_a_move(units):
    assert set(tree.subtree(units.city)) == {units.city, units.east, units.west, units.east_station,
                                             units.west_station}
    assert set(tree.subtree(units.east)) == {units.east, units.east_station}
    assert units.east_station.ancestor_ids() == [units.root.pk, units.city.pk, units.east.pk, units.east_station.pk]
    # A station moved to the other county takes its path with it, and so does what is below it.
    corner = unit("东县开发区东片联络点", units.east_station)
    units.east_station.parent = units.west
    units.east_station.save()
    corner.refresh_from_db()
    assert set(tree.subtree(units.west)) == {units.west, units.west_station, units.east_station, corner}
    assert set(tree.subtree(units.east)) == {units.east}


def test_units_are_listed_in_the_trees_order_when_their_ids_grow_a_digit(units):
    """Depth first, siblings in the order they were made: written "/1/10/", a unit with id 10 sorted before
    its sibling with id 9, and its station before that sibling too."""
    ninth = Unit(pk=99_999, name="东县第九职工服务站", parent=units.east)
    tenth = Unit(pk=100_000, name="东县第十职工服务站", parent=units.east)
    for made in (ninth, tenth):
        made.save()
    below_tenth = unit("东县第十职工服务站园区联络点", tenth)
    assert list(tree.subtree(units.east)) == [units.east, units.east_station, ninth, tenth, below_tenth]
    assert list(Unit.objects.all())[:3] == [units.root, units.city, units.east]
    assert tree.subtree_units(units.east)[-1] == below_tenth


def test_a_station_numbers_with_its_county_and_each_county_on_its_own(units):
    station_case = register_case(units.users["east_station_volunteer"])
    west_case = register_case(units.users["west_volunteer"])
    second_east = register_case(units.users["east_station_volunteer"])
    assert station_case.unit == units.east_station  # the unit that registered it
    assert station_case.number == "〔2026〕东工调字第0001号"
    assert second_east.number == "〔2026〕东工调字第0002号"
    assert west_case.number == "〔2026〕西工调字第0001号"
    sequences = set(NumberSequence.objects.filter(scope="case").values_list("unit__name", "year", "last"))
    assert sequences == {("东县总工会", 2026, 2), ("西县总工会", 2026, 1)}


def test_the_other_countys_mediators_and_supervisor_get_404_the_city_sees_both(units, login, api):
    east_case = register_case(units.users["east_station_volunteer"])
    west_case = register_case(units.users["west_volunteer"])
    u = units.users

    def sees(user, case):
        return access.can_see(user, case)

    # The registering volunteer sees their case; the county and the city supervisors see it too.
    assert sees(u["east_station_volunteer"], east_case)
    assert sees(u["east_supervisor"], east_case) and sees(u["city_supervisor"], east_case)
    assert sees(u["city_supervisor"], west_case) and not sees(u["east_supervisor"], west_case)
    # Mediators see the unassigned cases of their own unit only.
    assert sees(u["west_mediator"], west_case) and not sees(u["west_mediator"], east_case)
    assert not sees(u["east_mediator"], east_case)  # registered at the station, not at the county
    for outsider in ("west_mediator", "west_supervisor", "west_volunteer"):
        user = u[outsider]
        assert login(user).get(f"/cases/{east_case.pk}/").status_code == 404, outsider
        assert api(user).get(f"/api/cases/{east_case.pk}/").status_code == 404, outsider
        assert api(user).get(f"/api/cases/{east_case.pk}/timeline/").status_code == 404, outsider
        listed = {row["number"] for row in api(user).get("/api/cases/").json()["results"]}
        assert east_case.number not in listed
    city_list = {row["number"] for row in api(u["city_supervisor"]).get("/api/cases/").json()["results"]}
    assert {east_case.number, west_case.number} <= city_list
    assert login(u["east_supervisor"]).get(f"/cases/{east_case.pk}/").status_code == 200


def test_a_supervisor_acts_only_on_the_cases_of_their_subtree(units, api):
    east_case = register_case(units.users["east_station_volunteer"])
    refused = api(units.users["west_supervisor"]).post(f"/api/cases/{east_case.pk}/transitions/accept/", {},
                                                        format="json")
    assert refused.status_code == 404
    assert Case.objects.get(pk=east_case.pk).status == "submitted"
    accepted = api(units.users["east_supervisor"]).post(f"/api/cases/{east_case.pk}/transitions/accept/", {},
                                                         format="json")
    assert accepted.status_code == 200, accepted.content


def test_each_countys_documents_carry_its_own_name_seal_and_numbers(units):
    east_case = register_case(units.users["east_station_volunteer"])
    west_case = register_case(units.users["west_volunteer"])
    east_case = transitions.perform(east_case, "accept", units.users["east_supervisor"])
    west_case = transitions.perform(west_case, "accept", units.users["west_supervisor"])
    east_doc = rendering.render_document(east_case, "acceptance_notice", units.users["east_supervisor"])
    west_doc = rendering.render_document(west_case, "acceptance_notice", units.users["west_supervisor"])
    assert east_doc.number == "〔2026〕东工调受字第0001号"
    assert west_doc.number == "〔2026〕西工调受字第0001号"
    from django.conf import settings

    east_text = pdf_text(settings.MEDIA_ROOT / east_doc.file_path)
    west_text = pdf_text(settings.MEDIA_ROOT / west_doc.file_path)
    # The station's case prints the station's own name, and its county's numbers.
    assert "东县开发区职工维权服务站" in east_text and "东工调受字第0001号" in east_text
    assert "西县总工会" in west_text and "西工调受字第0001号" in west_text
    assert "东县" not in west_text and "西县" not in east_text
    assert settings.CASEDESK_ORG_NAME not in east_text + west_text
    # A seal text of its own, else the unit's name.
    county_doc_case = register_case(units.users["west_volunteer"])
    assert tree.letterhead(units.east) == {"org_name": "东县总工会", "seal_text": "东县总工会劳动争议调解委员会"}
    assert tree.letterhead(units.west)["seal_text"] == "西县总工会"
    assert county_doc_case.number == "〔2026〕西工调字第0002号"


def test_the_root_unit_comes_from_the_settings_and_holds_users_without_a_membership(settings):
    root = tree.root()
    assert (root.name, root.number_prefix, root.parent) == (settings.CASEDESK_ORG_NAME,
                                                            settings.CASEDESK_DOC_PREFIX, None)
    newcomer = UserFactory(username="newcomer", role="volunteer")
    assert not Membership.objects.filter(user=newcomer).exists()
    assert tree.unit_of(newcomer) == root
    case = register_case(newcomer)
    assert case.unit == root and case.number == f"〔2026〕{settings.CASEDESK_DOC_PREFIX}第0001号"


def test_a_users_unit_read_with_the_user_is_their_memberships_else_the_root(units):
    """tree.with_unit: the membership and its unit come with the user's row; no membership, the root."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    newcomer = UserFactory(username="newcomer", role="volunteer")
    users = get_user_model().objects.select_related(tree.with_unit())
    member = users.get(pk=units.users["east_station_volunteer"].pk)
    with CaptureQueriesContext(connection) as queries:
        assert tree.unit_of(member) == units.east_station
    assert not queries.captured_queries
    assert tree.unit_of(users.get(pk=newcomer.pk)) == tree.root()


def test_pages_name_the_users_unit(units, login):
    page = login(units.users["west_mediator"]).get("/").content.decode()
    assert "西县总工会" in page


def test_the_admin_keeps_the_tree_whole(units, rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    form_class = UnitAdmin(Unit, admin_site).get_form(request, units.east)
    below = form_class(instance=units.east, data={"name": "东县总工会", "number_prefix": "东工调字",
                                                   "seal_text": "", "parent": units.east_station.pk})
    assert not below.is_valid() and "parent" in below.errors
    top = UnitAdmin(Unit, admin_site).get_form(request, None)(data={"name": "新省总工会", "number_prefix": "",
                                                                       "seal_text": "", "parent": ""})
    assert not top.is_valid() and "number_prefix" in top.errors
    taken = UnitAdmin(Unit, admin_site).get_form(request, None)(
        data={"name": "北县总工会", "number_prefix": "东工调字", "seal_text": "", "parent": units.city.pk})
    assert not taken.is_valid()
    with pytest.raises(ValidationError):
        Unit(name="重复", number_prefix="西工调字", parent=units.city).validate_constraints()
    second_root = UnitAdmin(Unit, admin_site).get_form(request, None)(
        data={"name": "另一省总工会", "number_prefix": "另工调字", "seal_text": "", "parent": ""})
    assert not second_root.is_valid() and "已有最上级单位" in str(second_root.errors)


def test_there_is_one_root_so_its_subtree_filters_nothing(units):
    """The whole desk's lists and figures join no unit: the root's subtree is every row (one root, held by
    the database)."""
    from django.db import IntegrityError, transaction

    assert tree.subtree_q(units.root) == Q() and tree.subtree_q(units.city) != Q()
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(name="另一省总工会", number_prefix="另工调字")
    assert Unit.objects.filter(parent__isnull=True).count() == 1


def test_supervisors_choose_a_users_unit_in_the_admin(units, admin_client):
    user = units.users["west_mediator"]
    page = admin_client.get(f"/admin/auth/user/{user.pk}/change/")
    assert page.status_code == 200 and "西县总工会" in page.content.decode()
    assert admin_client.get("/admin/units/unit/").status_code == 200


def test_a_case_is_assigned_only_to_a_mediator_of_its_county_and_reminds_only_its_supervisors(units, api):
    from casedesk.cases.transition_forms import mediators_for
    from casedesk.reports.reminders import recipients_for

    east_case = register_case(units.users["east_station_volunteer"])
    east_case = transitions.perform(east_case, "accept", units.users["east_supervisor"])
    assert set(mediators_for(east_case)) == {units.users["east_mediator"]}
    refused = api(units.users["east_supervisor"]).post(
        f"/api/cases/{east_case.pk}/transitions/assign/", {"mediator": units.users["west_mediator"].pk}, format="json")
    assert refused.status_code == 400
    assert Case.objects.get(pk=east_case.pk).mediator_id is None
    assert set(recipients_for(east_case)) == {units.users["east_supervisor"], units.users["city_supervisor"]}
    assigned = api(units.users["east_supervisor"]).post(
        f"/api/cases/{east_case.pk}/transitions/assign/", {"mediator": units.users["east_mediator"].pk}, format="json")
    assert assigned.status_code == 200, assigned.content
    # Assigned, the county's mediator sees the station's case.
    assert access.can_see(units.users["east_mediator"], Case.objects.get(pk=east_case.pk))

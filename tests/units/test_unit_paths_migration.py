"""Migration units 0005: the paths written before it ("/1/4/10/") are rewritten in fixed-width steps, and
the tree's filters and order hold on the rewritten rows."""

import pytest

from casedesk.units import paths, tree
from casedesk.units.models import Unit

from ..migration_replay import latest_migrations, migrate_to

BEFORE = [("units", "0004_one_root_unit")]
AFTER = [("units", "0005_fixed_width_paths")]


@pytest.mark.django_db(transaction=True)
def test_paths_written_before_are_rewritten_in_fixed_width_steps():
    latest = latest_migrations()
    county = Unit.objects.create(name="东县总工会", parent=tree.root(), number_prefix="东工调字")
    station = Unit.objects.create(name="东县开发区职工维权服务站", parent=county)
    old = migrate_to(BEFORE)
    for made in (tree.root(), county, station):  # as the desk wrote them before
        old.get_model("units", "Unit").objects.filter(pk=made.pk).update(
            path="/" + "".join(f"{pk}/" for pk in made.ancestor_ids()))
    assert old.get_model("units", "Unit").objects.get(pk=station.pk).path == f"/{tree.root().pk}/{county.pk}/{station.pk}/"

    migrate_to(AFTER)
    migrate_to(latest)
    station.refresh_from_db()
    assert station.path == "/" + "".join(paths.step(pk) for pk in (tree.root().pk, county.pk, station.pk))
    assert list(tree.subtree(county)) == [county, station]
    migrate_to(BEFORE)  # and back
    assert old.get_model("units", "Unit").objects.get(pk=station.pk).path == f"/{tree.root().pk}/{county.pk}/{station.pk}/"
    migrate_to(latest)

"""Every unit's path in fixed-width steps (casedesk.units.paths): ordered by its path, "/1/10/" came
before "/1/9/", so a unit's tenth child unit was listed before its ninth."""

from django.db import migrations

from casedesk.units import paths


def rewrite(written):
    def run(apps, schema_editor):
        Unit = apps.get_model("units", "Unit")
        for pk, path in Unit.objects.values_list("pk", "path"):
            Unit.objects.filter(pk=pk).update(path=written(path))

    return run


def unpadded(path):
    return "/" + "".join(f"{pk}/" for pk in paths.ids(path))


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0004_one_root_unit"),
    ]

    operations = [
        migrations.RunPython(rewrite(paths.rewritten), rewrite(unpadded)),
    ]

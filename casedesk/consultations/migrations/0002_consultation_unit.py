# Units (issue 18): each consultation belongs to the unit of the user who recorded it; the rows already there
# go to the root unit (made by units 0002 from CASEDESK_ORG_NAME), so an existing desk counts and shows
# them as before. Constraints are checked at once on PostgreSQL, so the column can be made required in
# the same transaction as the rows are filled in.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def into_root_unit(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Unit = apps.get_model("units", "Unit")
    Row = apps.get_model("consultations", "Consultation")
    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        root = Unit.objects.create(name=settings.CASEDESK_ORG_NAME, number_prefix=settings.CASEDESK_DOC_PREFIX)
        root.path = f"/{root.pk}/"
        root.save(update_fields=["path"])
    Row.objects.filter(unit__isnull=True).update(unit=root)


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0001_initial"),
        ("units", "0002_root_unit"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation", name="unit",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="consultations",
                                    to="units.unit", verbose_name="unit"),
        ),
        migrations.RunPython(into_root_unit, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consultation", name="unit",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="consultations",
                                    to="units.unit", verbose_name="unit"),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(fields=["unit", "asked_at"], name="consultation_unit_asked_idx"),
        ),
    ]

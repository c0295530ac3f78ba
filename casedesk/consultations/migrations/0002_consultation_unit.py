# Units (issue 18): each consultation belongs to the unit of the user who recorded it; the rows already there
# go to the root unit (made by units 0002 from CASEDESK_ORG_NAME), so an existing desk counts and shows
# them as before. Constraints are checked at once on PostgreSQL, so the column can be made required in
# the same transaction as the rows are filled in.

import django.db.models.deletion
from django.db import migrations, models

from casedesk.units.migrating import rows_into_root_unit


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
        migrations.RunPython(rows_into_root_unit("consultations", "Consultation"), migrations.RunPython.noop),
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

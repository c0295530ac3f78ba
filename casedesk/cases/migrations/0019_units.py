# Units (issue 18): every case belongs to a unit and every numbering is a unit's. Everything existing
# goes into the root unit (made by the units app from the settings), so an existing desk keeps its
# numbers and its sequences, and every user sees what they saw before.

import django.db.models.deletion
from django.db import migrations, models

from casedesk.units.migrating import root_unit


def into_root_unit(apps, schema_editor):
    root = root_unit(apps)
    apps.get_model("cases", "Case").objects.update(unit=root)
    apps.get_model("cases", "NumberSequence").objects.update(unit=root)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0018_case_unpaid_due"),
        ("units", "0002_root_unit"),
        # Document sequences move into NumberSequence there: they must be in it before it gets units.
        ("documents", "0003_document_number_sequences"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="case", name="case_serial_unique_per_year"),
        migrations.RemoveConstraint(model_name="numbersequence", name="number_sequence_per_scope_year"),
        migrations.AddField(
            model_name="case", name="unit",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="cases",
                                    to="units.unit", verbose_name="unit"),
        ),
        migrations.AddField(
            model_name="numbersequence", name="unit",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="units.unit"),
        ),
        migrations.RunPython(into_root_unit, migrations.RunPython.noop),
    ]

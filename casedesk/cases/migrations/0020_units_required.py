# Units (issue 18), second half: once every case and sequence is in a unit (0017_units), the unit is
# required. A migration of its own: PostgreSQL refuses to alter a table in the transaction that
# updated its rows under deferred foreign keys.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0019_units"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case", name="unit",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="cases",
                                    to="units.unit", verbose_name="unit"),
        ),
        migrations.AlterField(
            model_name="numbersequence", name="unit",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="units.unit"),
        ),
        migrations.AddConstraint(
            model_name="numbersequence",
            constraint=models.UniqueConstraint(fields=("unit", "scope", "year"),
                                               name="number_sequence_per_unit_scope_year"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["unit", "status", "submitted_at"], name="case_unit_list_idx"),
        ),
    ]

# Figures by unit (issue 18): the cases of each unit of a subtree registered in a period, a bounded
# range of one index per unit. The list's index (unit, status, submitted_at) cannot bound the period
# when every status is counted; on PostgreSQL with a few thousand cases EXPLAIN picks this one for a
# county's figures, its months and the drill-down list.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0021_referral_from_body"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["unit", "submitted_at"], name="case_unit_figures_idx"),
        ),
    ]

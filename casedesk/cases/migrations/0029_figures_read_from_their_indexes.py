# The figures read from their indexes (issue 20): the index by unit and registration and the one by
# registration hold every column the figures read (Case.Meta, FIGURES_COLUMNS), so that on PostgreSQL a
# year's figures are index-only scans instead of reading each case's row (a county's statistics at a million
# cases no longer read 6,562 pages of the table for one of them). SQLite has no INCLUDE: the same keys.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0028_waiting_cases_index'),
        ('units', '0005_fixed_width_paths'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='cases_case_submitt_3f16bb_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_unit_figures_idx',
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['unit', 'submitted_at'], include=('id', 'status', 'category', 'channel', 'outcome', 'is_collective', 'employment_forms', 'accepted_on', 'applicant_count', 'recovered_amount', 'closed_at'), name='case_unit_figures_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['submitted_at'], include=('unit', 'id', 'status', 'category', 'channel', 'outcome', 'is_collective', 'employment_forms', 'accepted_on', 'applicant_count', 'recovered_amount', 'closed_at'), name='case_period_figures_idx'),
        ),
    ]

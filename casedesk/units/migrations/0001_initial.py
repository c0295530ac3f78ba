# The organisation tree and each user's unit (issue 18).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text="Printed on the unit's documents and pages.", max_length=100, verbose_name='name')),
                ('seal_text', models.CharField(blank=True, help_text="The text of the unit's seal on its documents; empty: its name.", max_length=100, verbose_name='seal text')),
                ('number_prefix', models.CharField(blank=True, help_text="The unit's 字号 in case and document numbers, as 某工调字 in 〔2026〕某工调字第0001号; empty: the unit numbers its cases with the unit above it.", max_length=20, verbose_name='case-number prefix')),
                ('path', models.CharField(default='', editable=False, max_length=255)),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='units.unit', verbose_name='parent unit')),
            ],
            options={
                'verbose_name': 'unit',
                'verbose_name_plural': 'units',
                'ordering': ['path'],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='unit_membership', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='members', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'unit',
                'verbose_name_plural': 'unit',
            },
        ),
        migrations.AddIndex(
            model_name='unit',
            index=models.Index(fields=['path'], name='unit_path_idx', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.UniqueConstraint(condition=models.Q(('number_prefix', ''), _negated=True), fields=('number_prefix',), name='unit_number_prefix_unique'),
        ),
    ]

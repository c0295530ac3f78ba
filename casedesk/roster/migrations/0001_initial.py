import casedesk.cases.clock
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from casedesk.cases import triggers

TABLES = ["roster_rosterchange"]


def append_only(apps, schema_editor):
    triggers.install(schema_editor.connection, tables=TABLES)


def not_append_only(apps, schema_editor):
    triggers.drop(schema_editor.connection, tables=TABLES)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MediatorProfile',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='mediator_profile', serialize=False, to=settings.AUTH_USER_MODEL, verbose_name='mediator')),
                ('specialties', models.JSONField(blank=True, default=list, verbose_name='specialties')),
                ('languages', models.CharField(blank=True, max_length=100, verbose_name='languages and dialects')),
                ('takes_court_cases', models.BooleanField(default=True, verbose_name='takes court-referred cases')),
                ('max_open_cases', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(99)], verbose_name='maximum open cases')),
                ('on_leave_until', models.DateField(blank=True, null=True, verbose_name='on leave until')),
                ('public_title', models.CharField(blank=True, max_length=50, verbose_name='title or profession (printed)')),
                ('active', models.BooleanField(default=True, verbose_name='on the roster')),
            ],
            options={
                'verbose_name': 'mediator profile',
                'verbose_name_plural': 'mediator profiles',
            },
        ),
        migrations.CreateModel(
            name='RosterChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(max_length=40, verbose_name='field')),
                ('old', models.TextField(blank=True, verbose_name='before')),
                ('new', models.TextField(blank=True, verbose_name='after')),
                ('at', models.DateTimeField(default=casedesk.cases.clock.now, editable=False)),
                ('changed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('mediator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='mediator')),
            ],
            options={
                'verbose_name': 'roster change',
                'verbose_name_plural': 'roster changes',
                'ordering': ['-at', '-id'],
            },
        ),
        migrations.RunPython(append_only, not_append_only),
    ]

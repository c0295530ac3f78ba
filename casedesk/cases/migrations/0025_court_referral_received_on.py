"""The day the union signed for the court's materials, from which the court's mediation period runs
(特邀调解规定 Art.27). Cases already registered keep the period they were given: their day is the
referral's own day, from which it was counted."""

from django.db import migrations, models
from django.db.models import F


def from_the_referral(apps, schema_editor):
    apps.get_model("cases", "CourtReferral").objects.update(received_on=F("referred_on"))


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0024_moments_from_the_desks_clock"),
    ]

    operations = [
        migrations.AddField(
            model_name="courtreferral",
            name="received_on",
            field=models.DateField(null=True, verbose_name="materials signed for on"),
        ),
        migrations.RunPython(from_the_referral, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="courtreferral",
            name="received_on",
            field=models.DateField(verbose_name="materials signed for on"),
        ),
        migrations.AlterField(
            model_name="courtreferral",
            name="court_case_number",
            field=models.CharField(db_index=True, max_length=60, verbose_name="court case number"),
        ),
    ]

"""Cases and documents draw their serial numbers from one table (casedesk.cases.sequences).

The case numbers' rows move here as scope "case"; documents' move in documents' migration
0003_document_number_sequences (scope "document:<kind>")."""

from django.db import migrations, models


def cases_forward(apps, schema_editor):
    NumberSequence = apps.get_model("cases", "NumberSequence")
    old = apps.get_model("cases", "CaseNumberSequence")
    NumberSequence.objects.bulk_create(
        NumberSequence(scope="case", year=row.year, last=row.last) for row in old.objects.all()
    )


def cases_backward(apps, schema_editor):
    NumberSequence = apps.get_model("cases", "NumberSequence")
    old = apps.get_model("cases", "CaseNumberSequence")
    old.objects.bulk_create(
        old(year=row.year, last=row.last) for row in NumberSequence.objects.filter(scope="case")
    )
    NumberSequence.objects.filter(scope="case").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_access_log_at_desk_clock"),
    ]

    operations = [
        migrations.CreateModel(
            name="NumberSequence",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scope", models.CharField(max_length=60)),
                ("year", models.PositiveIntegerField()),
                ("last", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("scope", "year"), name="number_sequence_per_scope_year"),
                ],
            },
        ),
        migrations.RunPython(cases_forward, cases_backward),
        migrations.DeleteModel(name="CaseNumberSequence"),
    ]

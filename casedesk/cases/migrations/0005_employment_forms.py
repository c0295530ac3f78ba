from django.db import migrations, models


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Applicant = apps.get_model("cases", "Applicant")
    forms = {}
    for case_id, form in Applicant.objects.values_list("case_id", "employment_form"):
        forms.setdefault(case_id, set()).add(form)
    for case_id, found in forms.items():
        Case.objects.filter(pk=case_id).update(employment_forms=f",{','.join(sorted(found))},")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_append_only_triggers")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="employment_forms",
            field=models.CharField(blank=True, default="", max_length=120),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

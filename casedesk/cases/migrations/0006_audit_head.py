from django.db import migrations, models


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    for case_id, seq, head in CaseEvent.objects.order_by("case_id", "seq").values_list("case_id", "seq", "hash"):
        Case.objects.filter(pk=case_id).update(audit_seq=seq, audit_head=head)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_employment_forms")]

    operations = [
        migrations.AddField(
            model_name="case", name="audit_head", field=models.CharField(blank=True, default="", max_length=64)
        ),
        migrations.AddField(model_name="case", name="audit_seq", field=models.PositiveIntegerField(default=0)),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

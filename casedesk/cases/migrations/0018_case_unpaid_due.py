# Payments against the agreement (casedesk.payments): each case keeps the due date of the first
# instalment of its agreement not yet fully paid, so that a missed instalment is a deadline the
# overdue lists read from the case row. Cases agreed before payments were recorded start unpaid,
# except those closed with a typed amount recovered covering the agreement.

from django.db import migrations, models

FOLLOWED = ("agreed", "confirming", "confirmed", "closed", "archived")


def first_unpaid_due(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Agreement = apps.get_model("cases", "Agreement")
    for case in Case.objects.filter(status__in=FOLLOWED).iterator():
        agreement = Agreement.objects.filter(case=case).order_by("-created_at", "-id").first()
        if agreement is None:
            continue
        if case.recovered_amount is not None and case.recovered_amount >= agreement.amount:
            continue
        first = agreement.instalments.order_by("due_on", "id").first()
        Case.objects.filter(pk=case.pk).update(unpaid_due=first.due_on if first else agreement.performance_due)


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_access_log_repeated_views")]

    operations = [
        migrations.AddField(model_name="case", name="unpaid_due", field=models.DateField(blank=True, null=True)),
        migrations.AddField(model_name="case", name="non_performance_on", field=models.DateField(blank=True, null=True)),
        migrations.RunPython(first_unpaid_due, migrations.RunPython.noop),
    ]

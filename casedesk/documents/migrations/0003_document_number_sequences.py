"""Documents draw their serial numbers from the cases' sequence table, one numbering per kind
(scope "document:<kind>"): casedesk.cases.sequences."""

from django.db import migrations


def forward(apps, schema_editor):
    NumberSequence = apps.get_model("cases", "NumberSequence")
    old = apps.get_model("documents", "DocumentSequence")
    NumberSequence.objects.bulk_create(
        NumberSequence(scope=f"document:{row.kind}", year=row.year, last=row.last) for row in old.objects.all()
    )


def backward(apps, schema_editor):
    NumberSequence = apps.get_model("cases", "NumberSequence")
    old = apps.get_model("documents", "DocumentSequence")
    rows = NumberSequence.objects.filter(scope__startswith="document:")
    old.objects.bulk_create(old(kind=row.scope.partition(":")[2], year=row.year, last=row.last) for row in rows)
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_number_sequences"),
        ("documents", "0002_documents_never_change"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="DocumentSequence"),
    ]

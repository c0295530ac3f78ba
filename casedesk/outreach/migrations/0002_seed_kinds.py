"""The kinds of outreach event the union's yearly summary names, as rows an administrator edits."""

from django.db import migrations

from casedesk.outreach.kinds import seed_names


def seed(apps, schema_editor):
    EventKind = apps.get_model("outreach", "EventKind")
    for position, name in enumerate(seed_names(), start=1):
        EventKind.objects.get_or_create(name=name, defaults={"position": position * 10})


def unseed(apps, schema_editor):
    EventKind = apps.get_model("outreach", "EventKind")
    EventKind.objects.filter(name__in=seed_names(), events__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]

# The root unit, from the settings the desk ran on so far (CASEDESK_ORG_NAME, CASEDESK_DOC_PREFIX),
# and every existing user in it: an existing desk keeps working unchanged.

from django.conf import settings
from django.db import migrations

from casedesk.units.migrating import root_unit


def create_root(apps, schema_editor):
    Membership = apps.get_model("units", "Membership")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    root = root_unit(apps)
    held = set(Membership.objects.values_list("user_id", flat=True))
    Membership.objects.bulk_create(
        Membership(user_id=pk, unit_id=root.pk)
        for pk in User.objects.order_by("pk").values_list("pk", flat=True) if pk not in held
    )


class Migration(migrations.Migration):

    dependencies = [
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_root, migrations.RunPython.noop),
    ]

"""What the migrations that put existing rows into units share: the root unit, as a migration sees it.

Migrations use their historical models (`apps`), so this takes `apps` and never imports a model.
"""

from django.conf import settings

from . import paths


def root_unit(apps):
    """The top unit (the first without a parent); made from CASEDESK_ORG_NAME and CASEDESK_DOC_PREFIX if
    the database has none yet (units 0002 makes it; a database migrated in another order may not have it)."""
    Unit = apps.get_model("units", "Unit")
    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        root = Unit.objects.create(name=settings.CASEDESK_ORG_NAME, number_prefix=settings.CASEDESK_DOC_PREFIX)
        root.path = paths.child("", root.pk)
        root.save(update_fields=["path"])
    return root


def rows_into_root_unit(app_label, model_name):
    """A RunPython function: every row of `app_label.model_name` without a unit goes to the root unit.
    Constraints are checked at once on PostgreSQL, so the column can be made required in the same
    migration as the rows are filled in."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        apps.get_model(app_label, model_name).objects.filter(unit__isnull=True).update(unit=root_unit(apps))

    return forwards

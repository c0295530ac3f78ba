"""Payments and return visits are never changed or deleted: the database refuses it, as it does for the
audit events (casedesk.cases.triggers). A mistaken payment is reversed by a counter-entry, a new row."""

from django.db import migrations

from casedesk.cases import triggers

TABLES = ["payments_payment", "payments_returnvisit"]


def install(apps, schema_editor):
    triggers.install(schema_editor.connection, TABLES)


def remove(apps, schema_editor):
    triggers.drop(schema_editor.connection, TABLES)


class Migration(migrations.Migration):
    dependencies = [("payments", "0002_return_visits")]

    operations = [migrations.RunPython(install, remove)]

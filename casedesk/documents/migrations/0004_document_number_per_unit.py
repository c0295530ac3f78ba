# Document numbers are unique per unit (issue 18): the number holds its unit's prefix, so the unique
# pair is (number, version). SQLite rebuilds the table to change a constraint, which drops its
# no-update trigger: it is put back.

import importlib

from django.db import migrations, models

never_change = importlib.import_module("casedesk.documents.migrations.0002_documents_never_change")


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0003_document_number_sequences"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="generateddocument", name="document_number_version"),
        migrations.AddConstraint(
            model_name="generateddocument",
            constraint=models.UniqueConstraint(fields=("number", "version"), name="document_number_version_per_unit"),
        ),
        migrations.RunPython(never_change.install, never_change.remove),
    ]

"""A generated document's row never changes: a new version is a new row. The database refuses UPDATE.

DELETE is left to the application (nothing deletes documents) so that test flushes still work.
"""

from django.db import migrations

TABLE = "documents_generateddocument"


def install(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{TABLE} rows never change: issue a new version'); END;"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION casedesk_document_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN RAISE EXCEPTION '% rows never change: issue a new version', TG_TABLE_NAME "
                "USING ERRCODE = 'insufficient_privilege'; END $$;"
            )
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
                "FOR EACH ROW EXECUTE FUNCTION casedesk_document_unchanged();"
            )


def remove(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        on_table = "" if connection.vendor == "sqlite" else f" ON {TABLE}"
        cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update{on_table}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]

"""Database triggers that make the audit tables append-only, on SQLite and PostgreSQL."""

APPEND_ONLY_TABLES = ("cases_caseevent", "cases_personaldataaccess", "cases_relationdeclaration")


def _sqlite_statements(table):
    for op in ("UPDATE", "DELETE"):
        yield (
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
        )


def _postgres_statements(table):
    yield (
        "CREATE OR REPLACE FUNCTION casedesk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$;"
    )
    yield (
        f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION casedesk_refuse_change();"
    )


def _present(connection, tables):
    """The append-only tables among `tables` that exist yet (a migration installs each once it is made)."""
    existing = set(connection.introspection.table_names())
    return [table for table in (tables or APPEND_ONLY_TABLES) if table in existing]


def install(connection, tables=None):
    statements = _sqlite_statements if connection.vendor == "sqlite" else _postgres_statements
    with connection.cursor() as cursor:
        for table in _present(connection, tables):
            for sql in statements(table):
                cursor.execute(sql)


def drop(connection, tables=None):
    """Only for test teardown, tamper tests and reversed migrations: a deployment never calls this."""
    with connection.cursor() as cursor:
        for table in _present(connection, tables):
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete;")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")

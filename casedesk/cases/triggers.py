"""Database triggers that make the audit tables append-only, on SQLite and PostgreSQL."""

APPEND_ONLY_TABLES = (
    "cases_caseevent", "cases_personaldataaccess", "cases_relationdeclaration",
    # Money and what the worker said of it (casedesk.payments): a mistake is a counter-entry, never an edit.
    "payments_payment", "payments_returnvisit",
)


# The one update the access log allows: a repeated view counted on its row (views + 1, last_at later),
# every other column as it was (casedesk.cases.access.log_personal_data_access).
COUNTED_TABLE = "cases_personaldataaccess"
_COUNTED_VIEW = (
    "NEW.id = OLD.id AND NEW.user_id = OLD.user_id AND NEW.case_id {same} OLD.case_id AND NEW.action = OLD.action "
    'AND NEW."at" = OLD."at" AND NEW.detail {same} OLD.detail AND NEW.views = OLD.views + 1 '
    'AND NEW.last_at IS NOT NULL AND NEW.last_at >= COALESCE(OLD.last_at, OLD."at")'
)


def _sqlite_statements(table, counted):
    for op in ("UPDATE", "DELETE"):
        when = f"WHEN NOT ({_COUNTED_VIEW.format(same='IS')}) " if op == "UPDATE" and counted else ""
        yield (
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} {when}"
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
        )


def _postgres_statements(table, counted):
    yield (
        "CREATE OR REPLACE FUNCTION casedesk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$;"
    )
    function = "casedesk_refuse_change"
    if counted:
        function = "casedesk_count_views_only"
        yield (
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP = 'UPDATE' AND {_COUNTED_VIEW.format(same='IS NOT DISTINCT FROM')} THEN RETURN NEW; "
            "END IF; RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; "
            "END $$;"
        )
    yield (
        f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}();"
    )


def _present(connection, tables):
    """The append-only tables among `tables` that exist yet (a migration installs each once it is made)."""
    existing = set(connection.introspection.table_names())
    return [table for table in (tables or APPEND_ONLY_TABLES) if table in existing]


def _counts_views(cursor, connection, table):
    """The access log once it has its count (migration 0017); before that, plain append-only."""
    if table != COUNTED_TABLE:
        return False
    return "views" in {c.name for c in connection.introspection.get_table_description(cursor, table)}


def install(connection, tables=None):
    statements = _sqlite_statements if connection.vendor == "sqlite" else _postgres_statements
    with connection.cursor() as cursor:
        for table in _present(connection, tables):
            for sql in statements(table, _counts_views(cursor, connection, table)):
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

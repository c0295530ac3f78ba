"""What the database plans for the statements a piece of the desk runs: the tests that an index serves a
list or a count ask the plan of the very statements the code ran, not of a copy of its query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# PostgreSQL is told to avoid reading the table's rows and sorting wherever an index spares them, so that
# on a test database of a few rows the plan says whether an index can serve the statement at all.
AVOID = ("enable_seqscan", "enable_bitmapscan", "enable_sort")


def statements_of(run, keep=lambda sql: True):
    """Call `run()`; the SQL of each statement it ran that `keep` accepts, as it ran, in their order."""
    with CaptureQueriesContext(connection) as queries:
        run()
    statements = [query["sql"] for query in queries.captured_queries if keep(query["sql"])]
    assert statements, "no statement ran that the test asks about"
    return statements


def plans_of(run, keep=lambda sql: True):
    """Call `run()`; the plan (as text) of each statement it ran whose SQL `keep` accepts, in their order."""
    statements = statements_of(run, keep)
    postgres = connection.vendor == "postgresql"
    found = []
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("; ".join(f"SET LOCAL {setting} = off" for setting in AVOID))
        for sql in statements:
            cursor.execute(("EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + sql)
            found.append("\n".join(str(row[0] if postgres else row[-1]) for row in cursor.fetchall()))
        if postgres:
            cursor.execute("; ".join(f"RESET {setting}" for setting in AVOID))
    return found


def reads_in_order(plan, index):
    """The plan reads `index` and sorts nothing (PostgreSQL's "Sort Key", SQLite's temporary B-tree)."""
    return index in plan and "Sort Key" not in plan and "TEMP B-TREE" not in plan

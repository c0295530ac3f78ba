"""The PostgreSQL backend reads timestamps with psycopg's compiled loader (casedesk.db.postgresql).

Django's own loader derives from psycopg's pure-Python one, so every `timestamptz` of every row is
parsed in Python (Django ticket #36960): a third of the time of a 10,000-event timeline. The
compiled loader must give the same values.
"""

import datetime

import pytest
from django.db import connection
from psycopg import pq
from psycopg.adapt import Transformer
from psycopg.postgres import types

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's loader"),
]

TIMESTAMPTZ = types["timestamptz"].oid
SAMPLES = [
    "2026-11-02 10:00:00+08", "2026-11-02 02:00:00.000001+00", "1900-01-01 00:00:00-05:30",
    "0001-01-01 08:05:43+08:05:43", "9999-12-31 23:59:59.999999+00", "2024-02-29 12:34:56.789+14",
]


def test_the_timestamp_loader_is_the_compiled_one():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ, pq.Format.TEXT)
    assert loader.timezone is datetime.timezone.utc  # what Django's cursors compare against
    load = loader(TIMESTAMPTZ, Transformer(connection.connection)).load
    # psycopg's C extension: psycopg_binary from the requirements (psycopg_c when built locally).
    assert type(load.__self__).__module__.startswith(("psycopg_binary.", "psycopg_c.")), load


def test_timestamps_read_as_djangos_own_loader_reads_them():
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader

    class DjangosLoader(BaseTzLoader):
        timezone = datetime.timezone.utc

    with connection.cursor() as cursor:
        values = ", ".join(f"'{sample}'::timestamptz" for sample in SAMPLES)
        cursor.execute(f"SELECT {values}")
        ours = cursor.fetchone()
    adapters = connection.connection.adapters
    loader = adapters.get_loader(TIMESTAMPTZ, pq.Format.TEXT)
    adapters.register_loader("timestamptz", DjangosLoader)
    try:
        with connection.connection.cursor() as plain:
            theirs = plain.execute(f"SELECT {values}").fetchone()
    finally:
        adapters.register_loader("timestamptz", loader)
    assert ours == theirs
    assert [value.tzinfo for value in ours] == [datetime.timezone.utc] * len(SAMPLES)
    assert ours[0] == datetime.datetime(2026, 11, 2, 2, tzinfo=datetime.timezone.utc)

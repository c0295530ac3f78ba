"""A row as JSON, the same whatever the database: read raw, converted as Django would, and back.

Dates and times are ISO 8601 (times with their UTC offset), decimals strings, JSON columns
JSON, bytes base64. Ciphertext columns, and the columns of fields that turn stored values
into objects of their own (viewflow's flow and task references), skip every conversion in
both directions: the backup holds exactly what the database stored.
"""

import base64
import datetime
import decimal
import uuid

from django.utils.duration import duration_iso_string

BATCH = 2000


def encode(value):
    if value is None or isinstance(value, (bool, int, float, str, dict, list)):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def keeps_stored_form(field):
    """Whether `field`'s column is backed up exactly as stored (ciphertext, or a custom field's own form)."""
    if getattr(field, "stores_ciphertext", False):
        return True
    from_db_value = getattr(type(field), "from_db_value", None)
    return from_db_value is not None and not from_db_value.__module__.startswith("django.")


def encode_stored(value):
    """A column's value exactly as stored."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    return encode(value)


def decode_stored(value):
    if isinstance(value, dict):
        return base64.b64decode(value["base64"])
    return value


def select_sql(table, connection):
    quote = connection.ops.quote_name
    pk = table.model._meta.pk.column
    columns = ", ".join(quote(column) for column in table.columns)
    return f"SELECT {columns} FROM {quote(table.name)} ORDER BY {quote(pk)}"


def _converters(field, connection):
    col = field.get_col(field.model._meta.db_table)
    return connection.ops.get_db_converters(col) + col.get_db_converters(connection)


def row_encoder(table, connection):
    """A function turning one raw database row of `table` into its JSON list."""
    steps = []
    for field in table.fields:
        if keeps_stored_form(field):
            steps.append(None)
        else:
            steps.append((field.get_col(field.model._meta.db_table), _converters(field, connection)))

    def encode_row(row):
        out = []
        for value, step in zip(row, steps, strict=True):
            if step is None:
                out.append(encode_stored(value))
                continue
            col, converters = step
            for convert in converters:
                value = convert(value, col, connection)
            out.append(encode(value))
        return out

    return encode_row


def read_rows(table, connection):
    """Every row of `table` as JSON lists, in primary-key order, a batch at a time."""
    encode_row = row_encoder(table, connection)
    with connection.chunked_cursor() as cursor:
        cursor.execute(select_sql(table, connection))
        while rows := cursor.fetchmany(BATCH):
            for row in rows:
                yield encode_row(row)


def row_decoder(table, connection, columns):
    """A function turning one backed-up JSON list (in `columns` order) into database parameters."""
    by_column = {field.column: field for field in table.fields}
    decoders = [column_decoder(by_column[column], connection) for column in columns]

    def decode_row(values):
        return [None if value is None else decode(value) for decode, value in zip(decoders, values, strict=True)]

    return decode_row


# Django's own fields whose JSON value already is the parameter the database takes.
AS_IS = frozenset({
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
    "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField", "CharField", "TextField",
    "BooleanField", "EmailField", "SlugField", "URLField", "FileField",
})


def column_decoder(field, connection):
    """One column's JSON value → database parameter: the field's own conversions, short-cut for Django's
    common fields (a restore decodes every value of every row)."""
    if keeps_stored_form(field):
        return decode_stored
    ops, base = connection.ops, field.target_field if field.is_relation else field
    kind = base.get_internal_type() if type(base).__module__.startswith("django.") else None
    if kind in AS_IS:
        return lambda value: value
    if kind == "DateTimeField":
        return lambda value: ops.adapt_datetimefield_value(datetime.datetime.fromisoformat(value))
    if kind == "DateField":
        return lambda value: ops.adapt_datefield_value(datetime.date.fromisoformat(value))
    if kind == "JSONField":
        return lambda value: ops.adapt_json_value(value, base.encoder)
    return lambda value: field.get_db_prep_save(base.to_python(value), connection)


def insert_sql(table, connection, columns):
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"

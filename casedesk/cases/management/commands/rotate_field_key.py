"""Re-encrypt personal data under the first key of CASEDESK_FIELD_KEY and rewrite the digests.

Rotating the key: put a new key first in CASEDESK_FIELD_KEY and keep the old one after it
("NEW,OLD"), run this command, then drop the old key. Until it has run, exact-match search
finds no row written under the old key (the digests are keyed by the first key).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from casedesk.cases import crypto


def encrypted_models():
    """(model, [encrypted fields], [digest fields]) for every model holding ciphertext."""
    found = []
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        encrypted = [f for f in fields if getattr(f, "stores_ciphertext", False)]
        if encrypted:
            found.append((model, encrypted, [f for f in fields if isinstance(f, crypto.DigestField)]))
    return found


def rotate_model(model, encrypted, digests):
    """Rewrite every row of `model`; returns the number of rows."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = [f.column for f in encrypted]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {', '.join(quote(c) for c in columns)} FROM {table} ORDER BY {pk}")
        rows = cursor.fetchall()
    by_name = {f.name: f for f in encrypted}
    assignments = [*columns, *(f.column for f in digests)]
    sql = f"UPDATE {table} SET {', '.join(f'{quote(c)} = %s' for c in assignments)} WHERE {pk} = %s"
    with connection.cursor() as cursor:
        for row_pk, *tokens in rows:
            clear = {f.name: crypto.decrypt(token) for f, token in zip(encrypted, tokens, strict=True)}
            values = [crypto.rotate(token) for token in tokens]
            values += [crypto.digest(clear[d.source], d.kind) if d.source in by_name else "" for d in digests]
            cursor.execute(sql, [*values, row_pk])
    return len(rows)


class Command(BaseCommand):
    help = "Re-encrypt personal data under the first CASEDESK_FIELD_KEY key and rewrite the search digests."

    def handle(self, *args, **options):
        with transaction.atomic():
            for model, encrypted, digests in encrypted_models():
                count = rotate_model(model, encrypted, digests)
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        self.stdout.write(f"Current key fingerprint: {crypto.key_fingerprint()}")

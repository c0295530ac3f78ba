"""Personal data encrypted at rest: ID numbers, phones (and the new bank account) become
Fernet ciphertext under CASEDESK_FIELD_KEY, with keyed-hash digest columns for exact-match
search; the document-number uniqueness moves to the digest. Existing rows are encrypted in
place, so no clear text is left behind (casedesk.cases.crypto)."""

from django.db import migrations, models

import casedesk.cases.crypto

# (table of the model, primary key, [(encrypted column, digest column or None, digest kind)])
COLUMNS = {
    "person": [("id_number", "id_number_digest", "text"), ("phone", "phone_digest", "phone")],
    "employer": [("contact_phone", None, None)],
}


def _rows(schema_editor, model, columns):
    quote = schema_editor.connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('id')}, {names} FROM {table} ORDER BY {quote('id')}")
        return table, cursor.fetchall()


def _update(schema_editor, table, pk, values):
    quote = schema_editor.connection.ops.quote_name
    sets = ", ".join(f"{quote(name)} = %s" for name in values)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {sets} WHERE {quote('id')} = %s", [*values.values(), pk])


def encrypt_existing(apps, schema_editor):
    crypto = casedesk.cases.crypto
    for model_name, specs in COLUMNS.items():
        model = apps.get_model("cases", model_name)
        table, rows = _rows(schema_editor, model, [column for column, _d, _k in specs])
        for pk, *clear in rows:
            values = {}
            for (column, digest_column, kind), value in zip(specs, clear):
                if value and crypto.is_ciphertext(value):
                    value = crypto.decrypt(value)  # already done (a re-run): keep, refresh the digest
                values[column] = crypto.encrypt(value or "")
                if digest_column:
                    values[digest_column] = crypto.digest(value or "", kind)
            _update(schema_editor, table, pk, values)


def decrypt_existing(apps, schema_editor):
    crypto = casedesk.cases.crypto
    for model_name, specs in COLUMNS.items():
        model = apps.get_model("cases", model_name)
        table, rows = _rows(schema_editor, model, [column for column, _d, _k in specs])
        for pk, *stored in rows:
            values = {}
            for (column, digest_column, _kind), value in zip(specs, stored):
                values[column] = crypto.decrypt(value) if value else ""
                if digest_column:
                    values[digest_column] = ""
            _update(schema_editor, table, pk, values)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_case_list_filter_index"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="person", name="person_document_unique"),
        migrations.AlterField(
            model_name="employer",
            name="contact_phone",
            field=casedesk.cases.crypto.EncryptedTextField(blank=True, verbose_name="contact phone"),
        ),
        migrations.AlterField(
            model_name="person",
            name="id_number",
            field=casedesk.cases.crypto.EncryptedTextField(blank=True, verbose_name="document number"),
        ),
        migrations.AlterField(
            model_name="person",
            name="phone",
            field=casedesk.cases.crypto.EncryptedTextField(blank=True, verbose_name="phone"),
        ),
        migrations.AddField(
            model_name="person",
            name="bank_account",
            field=casedesk.cases.crypto.EncryptedTextField(blank=True, verbose_name="bank account"),
        ),
        migrations.AddField(
            model_name="person",
            name="id_number_digest",
            field=casedesk.cases.crypto.DigestField(source="id_number"),
        ),
        migrations.AddField(
            model_name="person",
            name="phone_digest",
            field=casedesk.cases.crypto.DigestField(kind="phone", source="phone"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["id_number_digest"], name="person_id_number_digest_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["phone_digest"], name="person_phone_digest_idx"),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("id_number_digest", ""), _negated=True),
                fields=("id_type", "id_number_digest"),
                name="person_document_unique",
            ),
        ),
    ]

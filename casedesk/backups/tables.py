"""Which tables a backup holds, in what order, and how each restores into a fresh database.

Every concrete table of the installed apps is backed up, except sessions, login
throttling (axes) and the portal's open challenges (captcha): they mean nothing on another machine. Ids are kept as they are, since
the audit chain hashes case and user ids. Content types, permissions and groups have their
own ids in every database; rows that point to them are mapped by natural key on restore.
"""

from dataclasses import dataclass

from django.apps import apps

EXCLUDED_APPS = frozenset({"sessions", "axes", "captcha"})

# How a table goes into the target (a freshly migrated database).
ROWS = "rows"  # the target holds none: insert every row with its id
LOOKUP = "lookup"  # made by migrate in every database: map ids by natural key, insert nothing
BY_NAME = "by_name"  # migrations seed some by name: reuse those, insert the others with new ids
MERGE = "merge"  # links between mapped rows: insert those the target does not hold yet
REPLACE = "replace"  # reference data that migrations seed and users may edit: the backup's rows win

MODES = {
    "contenttypes.contenttype": LOOKUP,
    "auth.permission": LOOKUP,
    "auth.group": BY_NAME,
    "auth.group_permissions": MERGE,
    "cases.calendaryear": REPLACE,
    "cases.calendarday": REPLACE,
    "outreach.eventkind": REPLACE,
    "units.unit": REPLACE,  # the root unit is made by migrate; the backup's tree replaces it
}
MAPPED = frozenset(label for label, mode in MODES.items() if mode in (LOOKUP, BY_NAME))


@dataclass(frozen=True)
class Table:
    model: type

    @property
    def label(self):
        return self.model._meta.label_lower

    @property
    def name(self):
        return self.model._meta.db_table

    @property
    def mode(self):
        return MODES.get(self.label, ROWS)

    @property
    def fields(self):
        return self.model._meta.concrete_fields

    @property
    def columns(self):
        return [field.column for field in self.fields]

    @property
    def ciphertext_columns(self):
        # Written by casedesk.cases.crypto's fields: kept as stored, never decrypted.
        return [field.column for field in self.fields if getattr(field, "stores_ciphertext", False)]

    @property
    def member(self):
        return f"tables/{self.name}.jsonl"

    def mapped_columns(self):
        """{column: label of the mapped model} for the columns that point to content types, permissions, groups."""
        return {
            field.column: field.related_model._meta.label_lower
            for field in self.fields
            if field.is_relation and field.related_model._meta.label_lower in MAPPED
        }


def _included(model):
    meta = model._meta
    return meta.managed and not meta.proxy and not meta.swapped and meta.app_label not in EXCLUDED_APPS


def all_tables():
    """Every backed-up table, each after the tables it points to."""
    models = sorted((m for m in apps.get_models(include_auto_created=True) if _included(m)),
                    key=lambda m: m._meta.label_lower)
    placed, ordered = set(), []
    while models:
        ready = [m for m in models if _dependencies(m) <= placed] or models[:1]  # a cycle: take it as it is
        for model in ready:
            placed.add(model)
            ordered.append(Table(model))
        models = [m for m in models if m not in placed]
    return ordered


def _dependencies(model):
    return {
        field.related_model._meta.concrete_model
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is not None and field.related_model is not model
        and _included(field.related_model)
    }

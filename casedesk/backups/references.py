"""Rows every database makes for itself, with its own ids: content types, permissions, groups.

Each maps the backup's ids to this database's ids by natural key, creating what is missing.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from .archive import BackupError


def map_content_types(records, maps):
    existing = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}
    mapping = {}
    for record in records:
        key = (record["app_label"], record["model"])
        if key not in existing:
            existing[key] = ContentType.objects.create(app_label=key[0], model=key[1]).pk
        mapping[record["id"]] = existing[key]
    ContentType.objects.clear_cache()
    return mapping


def map_permissions(records, maps):
    content_types = maps["contenttypes.contenttype"]
    existing = {(p.content_type_id, p.codename): p.pk for p in Permission.objects.all()}
    mapping = {}
    for record in records:
        key = (_mapped(content_types, record["content_type_id"], "content type"), record["codename"])
        if key not in existing:
            existing[key] = Permission.objects.create(
                content_type_id=key[0], codename=key[1], name=record["name"]
            ).pk
        mapping[record["id"]] = existing[key]
    return mapping


def map_groups(records, maps):
    """Groups are known by name: the role groups that migrations seed are reused, others created."""
    existing = dict(Group.objects.values_list("name", "pk"))
    mapping = {}
    for record in records:
        if record["name"] not in existing:
            existing[record["name"]] = Group.objects.create(name=record["name"]).pk
        mapping[record["id"]] = existing[record["name"]]
    return mapping


MAPPERS = {
    "contenttypes.contenttype": map_content_types,
    "auth.permission": map_permissions,
    "auth.group": map_groups,
}


def _mapped(mapping, source_id, what):
    try:
        return mapping[source_id]
    except KeyError:
        raise BackupError(f"the backup names a {what} (id {source_id}) that it does not hold") from None


def remapper(table, columns, maps):
    """A function rewriting, in one row, the ids that point to content types, permissions and groups."""
    mapped = [(columns.index(column), maps[label], label) for column, label in table.mapped_columns().items()]

    def remap(values):
        for index, mapping, label in mapped:
            if values[index] is not None:
                values[index] = _mapped(mapping, values[index], label)
        return values

    return remap

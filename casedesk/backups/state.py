"""What a backup records about where it came from, and a restore insists on: migrations and the field key."""

from django.db.migrations.recorder import MigrationRecorder


def migrations(connection):
    """{app label: name of its latest applied migration}."""
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def migration_differences(recorded, current):
    """Lines naming each app whose latest migration differs, empty when the two agree."""
    return [
        f"{app}: backup {recorded.get(app) or '(none)'}, this database {current.get(app) or '(none)'}"
        for app in sorted(set(recorded) | set(current))
        if recorded.get(app) != current.get(app)
    ]


def field_key_fingerprint():
    """The fingerprint of CASEDESK_FIELD_KEY, or None on a casedesk that encrypts no fields."""
    try:
        from casedesk.cases import crypto
    except ModuleNotFoundError as exc:
        if exc.name != "casedesk.cases.crypto":
            raise
        return None
    return crypto.key_fingerprint()

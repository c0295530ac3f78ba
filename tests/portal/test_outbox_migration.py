"""Migration 0003_message_outbox on a desk that kept messages already: each old message gets a key of its
own and a status from what it said (delivered: sent; else kept in the outbox), and back again."""

import pytest

from casedesk.cases import clock

from ..conftest import register_case
from ..migration_replay import latest_migrations, migrate_to

BEFORE = [("portal", "0001_initial")]
AFTER = [("portal", "0003_message_outbox")]


@pytest.mark.django_db(transaction=True)
def test_old_messages_get_a_key_and_a_status_and_keep_them_back_and_forth(volunteer):
    latest = latest_migrations()
    old = migrate_to(BEFORE)
    case = register_case(volunteer)
    now = clock.now()
    application = old.get_model("portal", "Application").objects.create(
        case_id=case.pk, tracking_number="20261102000001", code_hash="x", consent_version="1", consent_sha256="0" * 64,
        consent_accepted_at=now, sensitive_consent_accepted_at=now, wants_messages=True, created_at=now)
    Message = old.get_model("portal", "Message")
    sent = Message.objects.create(application=application, step="accept", text="已受理", backend="x", sent_at=now,
                                  delivered=True)
    logged = Message.objects.create(application=application, step="accept", text="已受理", backend="x", sent_at=now,
                                    delivered=False)

    new = migrate_to(AFTER)
    rows = dict(new.get_model("portal", "Message").objects.values_list("pk", "status"))
    keys = set(new.get_model("portal", "Message").objects.values_list("key", flat=True))
    assert rows == {sent.pk: "sent", logged.pk: "kept"}
    assert keys == {f"accept:old-{sent.pk}", f"accept:old-{logged.pk}"}

    back = migrate_to(BEFORE)
    assert dict(back.get_model("portal", "Message").objects.values_list("pk", "delivered")) == {
        sent.pk: True, logged.pk: False}
    migrate_to(latest)

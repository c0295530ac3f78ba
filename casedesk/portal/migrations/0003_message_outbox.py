# The desk's outbox: what became of each message (kept, sent, failed and why), one message per
# event or instalment; the worker's e-mail for the e-mail backend (encrypted).

from django.db import migrations, models

import casedesk.cases.crypto


def keys_for_old_messages(apps, schema_editor):
    Message = apps.get_model("portal", "Message")
    for message in Message.objects.all():
        message.key = f"{message.step}:old-{message.pk}"
        message.status = "sent" if message.delivered else "kept"
        message.save(update_fields=["key", "status"])


def delivered_from_status(apps, schema_editor):
    apps.get_model("portal", "Message").objects.filter(status="sent").update(delivered=True)


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0002_information_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="email",
            field=casedesk.cases.crypto.EncryptedTextField(blank=True, verbose_name="e-mail"),
        ),
        migrations.AddField(model_name="message", name="key", field=models.CharField(default="", max_length=60),
                            preserve_default=False),
        migrations.AddField(
            model_name="message", name="status",
            field=models.CharField(choices=[("kept", "Kept in the outbox (not sent)"), ("pending", "Waiting to be sent"),
                                            ("sending", "Being sent"), ("sent", "Sent"), ("failed", "Not sent")],
                                   default="kept", max_length=10),
        ),
        migrations.AddField(model_name="message", name="error", field=models.CharField(blank=True, max_length=200)),
        migrations.AddField(model_name="message", name="finished_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.RunPython(keys_for_old_messages, delivered_from_status),
        migrations.RemoveField(model_name="message", name="delivered"),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.UniqueConstraint(fields=("application", "key"), name="message_once_per_key"),
        ),
    ]

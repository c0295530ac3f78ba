# Conflicts of interest get a writer: every declaration or withdrawal of a mediator's relation with an
# employer is logged (append-only, like the audit chain); users may record their own identity document,
# so that registration flags a worker who is a member of staff.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import casedesk.cases.clock
import casedesk.cases.crypto


def log_existing_relations(apps, schema_editor):
    """Relations declared before the log existed: one "declared" entry each, by the mediator, at its time."""
    MediatorRelation = apps.get_model("cases", "MediatorRelation")
    RelationDeclaration = apps.get_model("cases", "RelationDeclaration")
    RelationDeclaration.objects.bulk_create(
        RelationDeclaration(action="declared", mediator_id=r.mediator_id, employer_id=r.employer_id,
                            relation=r.relation, recorded_by_id=r.mediator_id, at=r.declared_at)
        for r in MediatorRelation.objects.order_by("declared_at", "id")
    )


def install_triggers(apps, schema_editor):
    from casedesk.cases import triggers

    triggers.install(schema_editor.connection)


def drop_log_trigger(apps, schema_editor):
    from casedesk.cases import triggers

    triggers.drop(schema_editor.connection, tables=["cases_relationdeclaration"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_agreement_performance"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StaffIdentity",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("id_type", models.CharField(choices=[
                    ("resident_id", "Resident identity card"), ("passport", "Passport"),
                    ("hk_macao_permit", "Mainland travel permit for Hong Kong and Macao residents"),
                    ("taiwan_permit", "Mainland travel permit for Taiwan residents"),
                    ("foreign_permanent", "Foreign permanent resident ID card"), ("other", "Other document"),
                    ("none", "No document at hand")], default="resident_id", max_length=20,
                    verbose_name="document type")),
                ("id_number", casedesk.cases.crypto.EncryptedTextField(verbose_name="document number")),
                ("id_number_digest", casedesk.cases.crypto.DigestField(source="id_number")),
                ("recorded_at", models.DateTimeField(default=casedesk.cases.clock.now, editable=False)),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="staff_identity", to=settings.AUTH_USER_MODEL)),
            ],
            options={"indexes": [models.Index(fields=["id_number_digest"], name="staff_id_number_digest_idx")]},
        ),
        migrations.CreateModel(
            name="RelationDeclaration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(choices=[("declared", "Relation declared"),
                                                     ("withdrawn", "Relation withdrawn")], max_length=20)),
                ("relation", models.CharField(max_length=200, verbose_name="relation")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                ("at", models.DateTimeField(default=casedesk.cases.clock.now, editable=False)),
                ("employer", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                               to="cases.employer")),
                ("mediator", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                               to=settings.AUTH_USER_MODEL)),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                  to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["-at", "-id"]},
        ),
        migrations.RunPython(log_existing_relations, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, drop_log_trigger),
    ]

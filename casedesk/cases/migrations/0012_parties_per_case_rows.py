# What a case says about its parties gets rows of its own (DESIGN.md "Parties"): the applicant row
# takes the name as written, phone, address, bank account, job and employment dates; the employer
# as registered (name, address, legal representative, contact) moves to a row per case. Filled by
# 0011 from today's data, so that every case keeps what it shows.

import django.db.models.deletion
from django.db import migrations, models

import casedesk.cases.crypto


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_calendar_revisions")]

    operations = [
        migrations.AddField(
            model_name="applicant", name="name",
            field=models.CharField(default="", max_length=100, verbose_name="name"), preserve_default=False,
        ),
        migrations.AddField(
            model_name="applicant", name="phone",
            field=casedesk.cases.crypto.EncryptedTextField(blank=True, verbose_name="phone"),
        ),
        migrations.AddField(
            model_name="applicant", name="phone_digest",
            field=casedesk.cases.crypto.DigestField(kind="phone", source="phone"),
        ),
        migrations.AddField(
            model_name="applicant", name="address",
            field=models.CharField(blank=True, max_length=200, verbose_name="address"),
        ),
        migrations.AddField(
            model_name="applicant", name="bank_account",
            field=casedesk.cases.crypto.EncryptedTextField(blank=True, verbose_name="bank account"),
        ),
        migrations.AddField(
            model_name="applicant", name="job",
            field=models.CharField(blank=True, max_length=100, verbose_name="job"),
        ),
        migrations.AddField(
            model_name="applicant", name="employed_from",
            field=models.DateField(blank=True, null=True, verbose_name="employed from"),
        ),
        migrations.AddField(
            model_name="applicant", name="employed_until",
            field=models.DateField(blank=True, null=True, verbose_name="employed until"),
        ),
        migrations.AddIndex(
            model_name="applicant",
            index=models.Index(fields=["phone_digest"], name="applicant_phone_digest_idx"),
        ),
        migrations.CreateModel(
            name="CaseEmployer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="employer name")),
                ("address", models.CharField(blank=True, max_length=200, verbose_name="address")),
                ("legal_representative", models.CharField(blank=True, max_length=100,
                                                           verbose_name="legal representative")),
                ("legal_representative_title", models.CharField(blank=True, max_length=50,
                                                                 verbose_name="title of the legal representative")),
                ("contact_name", models.CharField(blank=True, max_length=100, verbose_name="contact person")),
                ("contact_phone", casedesk.cases.crypto.EncryptedTextField(blank=True, verbose_name="contact phone")),
                ("case", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="respondent",
                                              to="cases.case")),
            ],
        ),
    ]

# What the agreement document needs and the desk never asked for: how and where the employer pays,
# the payee account, and each worker's share of a multi-worker agreement.

import django.core.validators
import django.db.models.deletion
from decimal import Decimal

from django.db import migrations, models

import casedesk.cases.crypto


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_parties_identity_only")]

    operations = [
        migrations.AddField(
            model_name="agreement", name="performance_method",
            field=models.CharField(blank=True, choices=[
                ("transfer", "Bank transfer to the workers' accounts"), ("cash", "Cash, handed over in person"),
                ("other", "Other (described in the place)")], max_length=20, verbose_name="performance method"),
        ),
        migrations.AddField(
            model_name="agreement", name="performance_place",
            field=models.CharField(blank=True, max_length=200, verbose_name="place of performance"),
        ),
        migrations.AddField(
            model_name="agreement", name="payee_account",
            field=casedesk.cases.crypto.EncryptedTextField(blank=True, verbose_name="payee account"),
        ),
        migrations.CreateModel(
            name="AgreementShare",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=12, validators=[
                    django.core.validators.MinValueValidator(Decimal("0"))], verbose_name="amount")),
                ("agreement", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="shares",
                                                to="cases.agreement")),
                ("applicant", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                to="cases.applicant")),
            ],
            options={"ordering": ["agreement", "applicant__position", "id"]},
        ),
        migrations.AddConstraint(
            model_name="agreementshare",
            constraint=models.UniqueConstraint(fields=("agreement", "applicant"), name="one_share_per_applicant"),
        ),
    ]

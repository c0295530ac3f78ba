# A Person is an identity (document and verified name), an Employer too (credit code and name):
# the per-case facts live on the case's rows since 0011.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_parties_per_case_data")]

    operations = [
        migrations.RemoveIndex(model_name="person", name="person_phone_digest_idx"),
        migrations.RemoveField(model_name="person", name="phone"),
        migrations.RemoveField(model_name="person", name="phone_digest"),
        migrations.RemoveField(model_name="person", name="bank_account"),
        migrations.RemoveField(model_name="employer", name="address"),
        migrations.RemoveField(model_name="employer", name="contact_name"),
        migrations.RemoveField(model_name="employer", name="contact_phone"),
    ]

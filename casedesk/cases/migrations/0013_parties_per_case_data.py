# Every case keeps what it shows today: the person's name, phone and bank account are copied to each
# of their applicant rows, the employer's address and contact to a row per case. Backwards, each
# person and employer takes the values of their latest case (what the old schema showed everywhere).

from django.db import migrations

BATCH = 500


def _latest_first(queryset):
    return queryset.order_by("-case__submitted_at", "-case_id", "-id")


def copy_to_cases(apps, schema_editor):
    Applicant = apps.get_model("cases", "Applicant")
    Case = apps.get_model("cases", "Case")
    CaseEmployer = apps.get_model("cases", "CaseEmployer")
    applicants = []
    for applicant in Applicant.objects.select_related("person").iterator(chunk_size=BATCH):
        person = applicant.person
        applicant.name, applicant.phone, applicant.bank_account = person.name, person.phone, person.bank_account
        applicants.append(applicant)
        if len(applicants) >= BATCH:
            _save_applicants(Applicant, applicants)
    _save_applicants(Applicant, applicants)
    rows = []
    for case in Case.objects.select_related("employer").iterator(chunk_size=BATCH):
        employer = case.employer
        rows.append(CaseEmployer(
            case=case, name=employer.name, address=employer.address, contact_name=employer.contact_name,
            contact_phone=employer.contact_phone,
        ))
        if len(rows) >= BATCH:
            CaseEmployer.objects.bulk_create(rows)
            rows.clear()
    CaseEmployer.objects.bulk_create(rows)


def _save_applicants(Applicant, applicants):
    for applicant in applicants:  # save() computes the phone's digest (crypto.DigestField.pre_save)
        applicant.save(update_fields=["name", "phone", "phone_digest", "bank_account"])
    applicants.clear()


def copy_back(apps, schema_editor):
    Applicant = apps.get_model("cases", "Applicant")
    CaseEmployer = apps.get_model("cases", "CaseEmployer")
    Employer = apps.get_model("cases", "Employer")
    Person = apps.get_model("cases", "Person")
    for person in Person.objects.iterator(chunk_size=BATCH):
        latest = _latest_first(Applicant.objects.filter(person=person)).first()
        if latest is not None:
            person.phone, person.bank_account = latest.phone, latest.bank_account
            person.save(update_fields=["phone", "phone_digest", "bank_account"])
    for employer in Employer.objects.iterator(chunk_size=BATCH):
        latest = _latest_first(CaseEmployer.objects.filter(case__employer=employer)).first()
        if latest is not None:
            employer.address, employer.contact_name = latest.address, latest.contact_name
            employer.contact_phone = latest.contact_phone
            employer.save(update_fields=["address", "contact_name", "contact_phone"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_parties_per_case_rows")]

    operations = [migrations.RunPython(copy_to_cases, copy_back)]

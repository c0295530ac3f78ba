"""The parties' tables (DESIGN.md "Parties"): identities, and what each case says about its parties.

A `Person` and an `Employer` are identities: a document and the name as verified, a credit code.
What a case says about its parties (the name as written on that application, phone, address, bank
account, employment; the employer's name, address, legal representative and contact) is written on
that case's own rows, `Applicant` and `CaseEmployer`, at registration, and changes only by an
audited correction on that case (casedesk.cases.steps "correct_party"). A later case never
rewrites an earlier one. Imported into casedesk.cases.models; rules live in the services.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import clock
from .choices import EmploymentForm, IdType
from .crypto import DigestField, EncryptedTextField, with_digests

NAME_MAX = 100
ADDRESS_MAX = 200
JOB_MAX = 100
TITLE_MAX = 50


class DigestsOnSave(models.Model):
    """Keeps the digest columns in step when a save names only their source fields."""

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        super().save(*args, update_fields=with_digests(self, update_fields), **kwargs)


class Employer(models.Model):
    """An employer as an identity: its credit code (or, without one, its name)."""

    name = models.CharField(pgettext_lazy("organisation's", "name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=~models.Q(uscc=""), name="employer_uscc_unique"),
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name


class Person(DigestsOnSave):
    """A worker as an identity: the document and the name as verified; the same person may bring
    several cases. The document number is encrypted at rest (casedesk.cases.crypto); its digest
    column is the keyed hash, for exact-match search and the duplicate check."""

    name = models.CharField(_("name"), max_length=NAME_MAX)
    id_type = models.CharField(_("document type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = EncryptedTextField(_("document number"), blank=True)
    id_number_digest = DigestField(source="id_number")
    id_verified = models.BooleanField(_("document checked"), default=False)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_number_digest"], condition=~models.Q(id_number_digest=""),
                name="person_document_unique",
            ),
        ]
        indexes = [models.Index(fields=["id_number_digest"], name="person_id_number_digest_idx")]

    def __str__(self):
        return self.name


class Applicant(DigestsOnSave):
    """A worker on one case, as that case registered them (phone and bank account encrypted)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="applicants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications")
    name = models.CharField(_("name"), max_length=NAME_MAX)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_digest = DigestField(source="phone", kind="phone")
    address = models.CharField(_("address"), max_length=ADDRESS_MAX, blank=True)
    # The worker's wage account: where an agreement's payments go.
    bank_account = EncryptedTextField(_("bank account"), blank=True)
    employment_form = models.CharField(_("employment form"), max_length=20, choices=EmploymentForm.choices)
    job = models.CharField(_("job"), max_length=JOB_MAX, blank=True)
    employed_from = models.DateField(_("employed from"), null=True, blank=True)
    employed_until = models.DateField(_("employed until"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["case", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="applicant_once_per_case")]
        indexes = [models.Index(fields=["phone_digest"], name="applicant_phone_digest_idx")]

    @property
    def number(self):
        """The applicant's number on the case as people read it (申请人1, 申请人2, …)."""
        return self.position + 1


class CaseEmployer(DigestsOnSave):
    """The employer (the respondent) as one case registered it."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="respondent")
    name = models.CharField(_("employer name"), max_length=200)
    address = models.CharField(_("address"), max_length=ADDRESS_MAX, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=NAME_MAX, blank=True)
    legal_representative_title = models.CharField(_("title of the legal representative"), max_length=TITLE_MAX,
                                                  blank=True)
    contact_name = models.CharField(_("contact person"), max_length=NAME_MAX, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)

    def __str__(self):
        return self.name


class StaffIdentity(DigestsOnSave):
    """A user's own identity document, recorded by them: a worker holding the same document is a
    member of staff, whom registration flags and who never mediates that worker's case."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_identity")
    id_type = models.CharField(_("document type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = EncryptedTextField(_("document number"))
    id_number_digest = DigestField(source="id_number")
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        indexes = [models.Index(fields=["id_number_digest"], name="staff_id_number_digest_idx")]


class MediatorRelation(models.Model):
    """A relation a mediator has with an employer, as declared: a conflict of interest. The
    declarations and withdrawals themselves are logged in RelationDeclaration."""

    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declared_relations")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="declared_relations")
    relation = models.CharField(_("relation"), max_length=200)
    declared_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mediator", "employer"], name="one_declaration_per_pair")]


class RelationDeclaration(models.Model):
    """One declaration or withdrawal of a mediator's relation with an employer: who recorded it,
    for whom, when. Append-only like the audit chain and the access log (database triggers)."""

    DECLARED, WITHDRAWN = "declared", "withdrawn"
    ACTIONS = [(DECLARED, _("Relation declared")), (WITHDRAWN, _("Relation withdrawn"))]

    action = models.CharField(max_length=20, choices=ACTIONS)
    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")
    relation = models.CharField(_("relation"), max_length=200)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["-at", "-id"]

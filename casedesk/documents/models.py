"""Generated documents: one row per issued PDF. Rows are never updated (a database trigger refuses)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casedesk.cases.models import Case
from casedesk.web import formatting

from .kinds import Kind


class GeneratedDocument(models.Model):
    """One issued version of one document of a case; a corrected document is a new version (new row).

    All versions of a case's document of one kind share its number; the file under
    MEDIA_ROOT is written once and its sha256 kept here.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    year = models.PositiveIntegerField()
    serial = models.PositiveIntegerField()
    number = models.CharField(_("document number"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    pages = models.PositiveIntegerField()
    verification_code = models.CharField(max_length=64, unique=True)
    file_path = models.CharField(max_length=200, unique=True)
    pdf_variant = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("issued at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "version"], name="document_version_per_case_kind"),
            # The number holds its unit's prefix, the kind, year and serial: each unit numbers on its own.
            models.UniqueConstraint(fields=["number", "version"], name="document_number_version_per_unit"),
        ]
        indexes = [models.Index(fields=["case", "created_at"])]
        ordering = ["case", "created_at", "id"]

    def __str__(self):
        return f"{self.number} v{self.version}"

    @property
    def name(self):
        """What the document is called for its case (the court letter: 委派 or 委托, as the court referred it)."""
        from casedesk.cases import labels  # the vocabulary reads the transitions' forms: not at model import

        return labels.document_name(self.kind, self.case)

    @property
    def download_name(self):
        """The file a download is saved as, named as the paper is headed: 调解协议书〔2026〕某工调协字第0021号（第1版）.pdf."""
        from casedesk.cases import labels

        stem = _("%(name)s%(number)s (version %(version)s)") % {
            "name": labels.document_title(self.kind, self.case), "number": self.number, "version": self.version}
        return formatting.file_name(stem, ".pdf")

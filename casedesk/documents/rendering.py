"""THE document service: render_document(case, kind, actor) issues any kind for a case.

In one transaction holding the case's row lock: check the kind makes sense now (409 if
not), draw the number, render with WeasyPrint (the case file: merge the stored PDFs),
write the file once, record the row and append a "document" event to the case's chain.
The number's sequence row stays locked until commit, so numbers have no gaps.

A document issued for an archived case (a new version, or a kind issued late) makes, in the same
transaction, a new version of the case file, so that the archive holds every document issued.
"""

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casedesk.cases import access, clock, roles, steps
from casedesk.cases.choices import Status
from casedesk.cases.errors import InvalidData, NotPermitted
from casedesk.cases.models import Case

from . import casefile, codes, numbering, pdf, storage
from .contents import contents
from .kinds import WITH_PERSONAL_DATA, Kind
from .models import GeneratedDocument

UNKNOWN_KIND = _("Unknown document kind: %(kind)s")
ISSUERS_ONLY = _("Only mediators and supervisors issue documents.")
PERSONAL_DATA_ONLY = _(
    "This document carries the parties' full ID numbers: "
    "only the assigned mediator or a supervisor may issue or download it."
)

REFILES_ONLY = _(
    "On an archived case a new document also makes a new version of the case file, which carries the "
    "parties' full ID numbers: only the assigned mediator or a supervisor may issue it."
)


def known_kind(kind):
    if kind not in Kind.values:
        raise InvalidData(fields={"kind": [str(UNKNOWN_KIND % {"kind": str(kind)[:40]})]})
    return Kind(kind)


def check_may_issue(case, kind, actor, *, by_step=False):
    """`by_step`: the document a step produces by itself (casedesk.documents.receivers), issued for whoever was
    allowed to take the step (a volunteer registering an online application issues its acceptance notice)."""
    if not by_step and not (roles.is_mediator(actor) or roles.is_supervisor(actor)):
        raise NotPermitted(ISSUERS_ONLY)
    if kind in WITH_PERSONAL_DATA and not access.sees_unmasked(actor, case):
        raise NotPermitted(PERSONAL_DATA_ONLY)
    if kind != Kind.CASE_FILE and case.status == Status.ARCHIVED and not access.sees_unmasked(actor, case):
        raise NotPermitted(REFILES_ONLY)


def render_document(case, kind, actor, *, by_step=False):
    """Issue the next version of `case`'s document of `kind` for `actor`; returns the GeneratedDocument.
    `by_step`: produced by the step `actor` just took (check_may_issue)."""
    kind = known_kind(kind)
    written = None
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            check_may_issue(locked, kind, actor, by_step=by_step)
            refiles = kind != Kind.CASE_FILE and locked.status == Status.ARCHIVED
            context = contents(locked, kind)
            issued_at = clock.now()
            year, serial, number, version = numbering.number_for(locked, kind, timezone.localdate(issued_at).year)
            code = codes.new_code()
            context["doc"] = _letterhead(kind, number, version, code, issued_at)
            rendered = _render(locked, kind, context)
            sha256 = hashlib.sha256(rendered.data).hexdigest()
            path = storage.relative_path(kind=kind, year=year, serial=serial, version=version, sha256=sha256)
            storage.write_once(path, rendered.data)
            written = path
            document = GeneratedDocument.objects.create(
                case=locked, kind=kind, year=year, serial=serial, number=number, version=version,
                sha256=sha256, size=len(rendered.data), pages=rendered.pages, verification_code=code,
                file_path=path, pdf_variant=pdf.variant(), created_by=actor, created_at=issued_at,
            )
            steps.append(locked, "document", actor,
                         {"kind": kind.value, "number": number, "version": version, "sha256": sha256})
            if refiles:
                render_document(locked, Kind.CASE_FILE, actor)
    except BaseException:
        if written:
            storage.remove_unrecorded(written)
        raise
    return document


def _letterhead(kind, number, version, code, issued_at):
    url = pdf.verification_url(code)
    return {
        "kind": kind.value, "number": number, "version": version, "code": code, "issued_at": issued_at,
        "issued_on": timezone.localdate(issued_at), "verification_url": url, "qr_svg": pdf.qr_svg(url),
    }


def _render(case, kind, context):
    if kind == Kind.CASE_FILE:
        return casefile.build(case, context)
    return pdf.render(f"documents/{kind.value}.html", context)

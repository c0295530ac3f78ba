"""Web views of documents: the public verification page that a document's QR code leads to
(no login), and issuing again an automatic document that failed to render."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from casedesk.cases import access
from casedesk.cases.errors import CaseError, NotPermitted

from . import receivers, verification
from .kinds import Kind
from .rendering import render_document

log = logging.getLogger(__name__)


@never_cache
def verify(request, code):
    response = render(request, "documents/verify.html", {"facts": verification.facts(code)})
    # The code is a capability: keep it out of Referer headers sent to other sites.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@login_required
def issue_missing(request, case_id, kind):
    """Issue an automatic document that its step owes (the case page's 重新生成 button)."""
    case = get_object_or_404(access.visible_cases(request.user), pk=case_id)
    if kind not in Kind.values:
        raise Http404
    back = reverse("desk:case", args=[case.pk]) + "#documents"
    if kind not in receivers.missing_documents(case):
        messages.info(request, _("This document has already been issued."))
        return redirect(back)
    try:
        document = render_document(case, kind, request.user)
    except NotPermitted:
        raise PermissionDenied from None
    except CaseError as exc:
        messages.error(request, exc.message)
    except Exception:
        log.exception("The %s of case %s failed to render again", kind, case.pk)
        messages.error(request, _("The document could not be generated this time either. The error is in the "
                                  "server log; please tell the administrator."))
    else:
        messages.success(request, _("%(kind)s issued: %(number)s") % {"kind": document.name,
                                                                       "number": document.number})
    return redirect(back)

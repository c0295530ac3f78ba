"""The case page's documents: 出具 / 重新出具 from its 文书 panel, and the 重新生成 button that issues
again an automatic document that its step owes (its first rendering failed). Refused like every action
of the case page: the page again, with the reason on top (or the form's errors) and the refusal's status."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casedesk.cases import access, steps
from casedesk.cases.errors import CaseError
from casedesk.documents import offers, receivers
from casedesk.documents.kinds import Kind
from casedesk.documents.rendering import render_document

from ..case_page import notice_form, render_case_page

log = logging.getLogger(__name__)


@require_POST
@login_required
def issue_missing(request, case_id, kind):
    case = access.case_for(request.user, case_id)
    if kind not in Kind.values:
        raise Http404
    back = reverse("desk:case", args=[case.pk]) + "#documents"
    if kind not in receivers.missing_documents(case):
        messages.info(request, _("This document has already been issued."))
        return redirect(back)
    try:
        document = render_document(case, kind, request.user)
    except CaseError as exc:
        return render_case_page(request, case.pk, page_error=[exc.message], status=exc.http_status)
    except Exception:
        log.exception("The %s of case %s failed to render again", kind, case.pk)
        messages.error(request, _("The document could not be generated this time either. The error is in the "
                                  "server log; please tell the administrator."))
        return redirect(back)
    messages.success(request, _("%(kind)s issued: %(number)s") % {"kind": document.name,
                                                                   "number": document.number})
    return redirect(back)


@require_POST
@login_required
def issue_document(request, case_id, kind):
    """出具 / 重新出具 from the case page's 文书 panel: a new version of `kind`, through the document service.
    The mediation notice's form first schedules the session it announces (casedesk.documents.offers)."""
    case = access.case_for(request.user, case_id)
    if kind not in Kind.values:
        raise Http404
    step = offers.INPUT_STEPS.get(kind)
    step_data = None
    if step and request.POST.get("with_input"):
        base_fields = steps.step(step).form.base_fields
        step_data = {key: request.POST[key] for key in base_fields if key in request.POST}
    try:
        document = offers.issue(case, kind, request.user, step_data)
    except CaseError as exc:
        if step_data is not None and exc.fields:
            form = notice_form(case, kind, step_data, exc.fields)
            return render_case_page(request, case.pk, failed_document=(kind, form), status=exc.http_status)
        return render_case_page(request, case.pk, page_error=[exc.message], status=exc.http_status)
    messages.success(request, _("%(kind)s issued: %(number)s") % {"kind": document.name,
                                                                   "number": document.number})
    return redirect(reverse("desk:case", args=[case.pk]) + f"#document-{kind}")

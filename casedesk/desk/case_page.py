"""The case page: what it shows, and the forms of the actions it offers."""

import datetime
import itertools
from dataclasses import dataclass

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from casedesk.cases import access, deadlines, selectors, transitions
from casedesk.cases.choices import OUTCOME_FOR_STATE, Status
from casedesk.cases.models import CaseEvent
from casedesk.cases.sessions import SessionForm, may_record_session
from casedesk.cases.transition_forms import FORMS

from . import labels
from .forms import adapt_widgets
from .templatetags.desk_format import cn_date, yuan


@dataclass
class ActionPanel:
    name: str
    label: str
    form: forms.Form
    is_open: bool = False

    @property
    def caution(self):
        return self.name in labels.CAUTION


def bound_with_errors(form_class, data, fields, **kwargs):
    """A form showing what was typed and the service's errors (no second validation)."""
    form = adapt_widgets(form_class(data, **kwargs))
    form._errors = ErrorDict()
    for name, messages in fields.items():
        key = name if name in form.fields else "__all__"
        form._errors.setdefault(key, ErrorList()).extend(messages)
    return form


def action_form(name, case, data=None, fields=None, id_prefix=""):
    kwargs = {"case": case, "auto_id": f"id_{id_prefix}{name}_%s"}
    if data is None:
        form = adapt_widgets(FORMS[name](**kwargs))
    else:
        form = bound_with_errors(FORMS[name], data, fields or {}, **kwargs)
    if "mediator" in form.fields:
        form.fields["mediator"].empty_label = labels.CHOOSE_MEDIATOR
    if name == "close":
        # The outcome follows from the state the case closes from: shown, not chosen.
        form.fields["outcome"].initial = OUTCOME_FOR_STATE.get(Status(case.status))
        form.fields["outcome"].disabled = True
    return form


def action_data(name, post):
    """The transition's data from a POST: only its own fields, instalments as a list."""
    data = {key: post[key] for key in FORMS[name].base_fields if key in post and key != "instalments"}
    if "instalments" in FORMS[name].base_fields:
        # A row with one of its two cells left out still reaches the form, which says what is missing.
        rows = itertools.zip_longest(post.getlist("instalment_due_on"), post.getlist("instalment_amount"), fillvalue="")
        data["instalments"] = [{"due_on": d, "amount": a} for d, a in rows if d or a]
    return data


def session_form(case, data=None, fields=None):
    if data is None:
        return adapt_widgets(SessionForm(case=case, auto_id="id_session_%s"))
    return bound_with_errors(SessionForm, data, fields or {}, case=case, auto_id="id_session_%s")


def documents(case, unmasked):
    """The case's issued documents, each with its download link where this user may have it;
    None when the documents package is not installed."""
    try:
        from casedesk.documents import selectors as document_selectors
        from casedesk.documents.kinds import WITH_PERSONAL_DATA
    except ImportError:
        return None
    rows = []
    for document in document_selectors.documents_of(case):
        allowed = unmasked or document.kind not in WITH_PERSONAL_DATA
        url = reverse("api-document-pdf", args=[document.pk]) if allowed else None
        rows.append({"document": document, "url": url})
    return rows


def applicant_rows(case, unmasked):
    return [
        {
            "name": a.person.name,
            "id_type": a.person.get_id_type_display(),
            "id_number": access.masked_id_number(a.person.id_number, unmasked),
            "id_verified": a.person.id_verified,
            "phone": access.masked_phone(a.person.phone, unmasked),
            "bank_account": access.masked_bank_account(a.person.bank_account, unmasked),
            "employment_form": a.get_employment_form_display(),
        }
        for a in case.applicants.all()
    ]


def timeline(case):
    events = CaseEvent.objects.filter(case=case).select_related("actor").order_by("seq")
    return [
        {
            "event": event,
            "label": labels.EVENTS.get(event.action, event.action),
            "moved": event.from_state != event.to_state and bool(event.from_state),
            "from_label": _status_label(event.from_state),
            "to_label": _status_label(event.to_state),
            "details": [(labels.EVENT_DETAILS[k], _shown(k, event.data[k])) for k in labels.EVENT_DETAILS
                        if event.data.get(k)],
        }
        for event in events
    ]


def _status_label(value):
    return Status(value).label if value in Status.values else value


def _shown(key, value):
    if key == "kind":
        return labels.document_kind(value)
    if key in labels.AMOUNT_DETAILS:
        return yuan(value)
    if key in labels.DATE_DETAILS and isinstance(value, str):
        try:
            return cn_date(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def render_case_page(request, case_id, *, failed_action=None, failed_session=None, page_error=None):
    """The case page; after a refused action, that action's form open with its errors."""
    case = get_object_or_404(selectors.detail_queryset(request.user), pk=case_id)
    unmasked = access.sees_unmasked(request.user, case)
    if unmasked:
        access.log_personal_data_access(request.user, case, "view_case")
    panels = []
    for name in transitions.available_transitions(case, request.user):
        form = failed_action[1] if failed_action and failed_action[0] == name else action_form(name, case)
        panels.append(ActionPanel(name, labels.ACTIONS[name], form, is_open=form.is_bound))
    if failed_action and failed_action[0] not in [p.name for p in panels]:
        page_error = page_error or failed_action[1].non_field_errors()
    agreements = list(case.agreements.all())
    return render(request, "desk/case_detail.html", {
        "case": case,
        "unmasked": unmasked,
        "applicants": applicant_rows(case, unmasked),
        "employer_phone": access.masked_phone(case.employer.contact_phone, unmasked),
        "claims": list(case.claims.all()),
        "deadlines": [(labels.DEADLINES.get(d.kind, d.kind), d) for d in deadlines.case_deadlines(case)],
        "actions": panels,
        "agreement": agreements[0] if agreements else None,
        "sessions": list(case.sessions.all()),
        "session_form": failed_session or (session_form(case) if may_record_session(case, request.user) else None),
        "timeline": timeline(case),
        "documents": documents(case, unmasked),
        "page_error": page_error,
    })

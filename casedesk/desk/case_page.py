"""The case page: what it shows, and the forms of the actions it offers."""

import datetime
import itertools
from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch, prefetch_related_objects
from django.forms.utils import ErrorDict, ErrorList
from django.shortcuts import render
from django.utils import formats

from casedesk.cases import (
    access,
    clock,
    conflicts,
    corrections,
    deadlines,
    labels,
    performance,
    selectors,
    steps,
    transitions,
)
from casedesk.cases.choices import OUTCOME_FOR_STATE, Status
from casedesk.cases.models import CaseEvent
from casedesk.portal import review
from casedesk.portal.models import Application
from casedesk.roster.forms import show_recommendation
from casedesk.web.event_details import describe
from casedesk.web.formatting import yuan
from casedesk.web.pages import adapt_widgets

from . import task_steps
from .correction_form import CorrectionPageForm, NewApplicantPageForm
from .labels import ANOTHER_VISIT, CHOOSE_MEDIATOR, INSTALMENT_CHOICE, NO_INSTALMENT, RECOVERED_SO_FAR


@dataclass
class ActionPanel:
    name: str
    label: str
    form: forms.Form
    caution: bool = False
    is_open: bool = False


def bound_with_errors(form_class, data, fields, **kwargs):
    """A form showing what was typed and the service's errors (no second validation)."""
    form = adapt_widgets(form_class(data, **kwargs))
    form._errors = ErrorDict()
    for name, messages in fields.items():
        key = name if name in form.fields else "__all__"
        form._errors.setdefault(key, ErrorList()).extend(messages)
    return form


# The roster's recommendation comes with the assignment form; with the reassignment's only when asked for
# (?recommend=reassign, a link in its panel) or on its form sent back, so that the page of every case in
# mediation does not pay for it (casedesk.roster.recommend).
RECOMMENDED = ("assign",)
RECOMMENDED_ON_REQUEST = ("reassign",)


def action_form(name, case, data=None, fields=None, id_prefix="", recommend=False):
    kwargs = {"case": case, "auto_id": f"id_{id_prefix}{name}_%s"}
    form_class = transitions.form_class(name)
    if data is None:
        form = adapt_widgets(form_class(**kwargs))
    else:
        form = bound_with_errors(form_class, data, fields or {}, **kwargs)
    if "mediator" in form.fields:
        form.fields["mediator"].empty_label = CHOOSE_MEDIATOR
        conflicts.mark_choices(form.fields["mediator"], case)
    if name in RECOMMENDED or (name in RECOMMENDED_ON_REQUEST and (recommend or form.is_bound)):
        show_recommendation(form, case)
    elif name in RECOMMENDED_ON_REQUEST:
        form.recommendation_on_request = True
    if name == "reach_agreement":
        if case.applicant_count < 2:
            del form.fields["shares"]  # one worker takes the whole amount
        else:
            form.share_rows = share_rows(case, data)
    # Asked only once the extension turns out long, the amount above the claims.
    for step, confirmation in (("extend", "long_extension_confirmed"), ("reach_agreement", "above_claim_confirmed")):
        if name == step and confirmation not in {**(data or {}), **(fields or {})}:
            del form.fields[confirmation]
    if name == "close":
        # The outcome follows from the state the case closes from: shown, not chosen.
        form.fields["outcome"].initial = OUTCOME_FOR_STATE.get(Status(case.status))
        form.fields["outcome"].disabled = True
        # Nor is the amount recovered typed: it is the payments recorded so far (shown, never sent).
        form.fields["recovered_so_far"] = forms.CharField(
            label=RECOVERED_SO_FAR, disabled=True, required=False, initial=yuan(case.recovered_amount or 0))
    return form


def share_rows(case, data=None):
    """The agreement form's box for each worker's share (`share_<number on the case>`, as action_data reads
    them), with what was typed in it."""
    typed = {str(share["applicant"]): share["amount"] for share in (data or {}).get("shares", [])}
    return [{"number": a.number, "name": a.name, "amount": typed.get(str(a.number), "")}
            for a in case.applicants.all()]


def action_data(name, post):
    """The transition's data from a POST: only its own fields, instalments as a list."""
    base_fields = transitions.form_class(name).base_fields
    data = {key: post[key] for key in base_fields if key in post and key not in ("instalments", "shares")}
    if "instalments" in base_fields:
        # A row with one of its two cells left out still reaches the form, which says what is missing.
        rows = itertools.zip_longest(post.getlist("instalment_due_on"), post.getlist("instalment_amount"), fillvalue="")
        data["instalments"] = [{"due_on": d, "amount": a} for d, a in rows if d or a]
    if "shares" in base_fields:
        # One amount box per applicant ("share_1", "share_2", …); all empty: no table of shares.
        shares = [(key.removeprefix("share_"), post[key]) for key in post if key.startswith("share_")]
        data["shares"] = [{"applicant": n, "amount": amount} for n, amount in shares if amount.strip()]
    return data


def session_form(case, data=None, fields=None):
    form_class = steps.step("record_session").form
    if data is None:
        return adapt_widgets(form_class(case=case, auto_id="id_session_%s"))
    return bound_with_errors(form_class, data, fields or {}, case=case, auto_id="id_session_%s")


# Steps taken from a form of their own on the case page (beside the session record); the payment
# steps are casedesk.payments' (templates/desk/includes/performance.html).
PAGE_STEPS = ("limitation_suspended", "transfer", "record_payment", "reverse_payment", "performance_followed_up",
              "record_non_performance", "return_visit", "ask_information")


# The follow-up of a missed instalment (casedesk.payments), offered under the agreement's performance.
FOLLOW_UP_STEPS = ("performance_followed_up", "record_non_performance", "return_visit")


def step_form(name, case, data=None, fields=None, user=None):
    """A step's form on the page, for `user` who would take it (the transfer offers their destinations)."""
    form_class, auto_id = steps.step(name).form, f"id_{name}_%s"
    if data is None:
        form = adapt_widgets(form_class(case=case, actor=user, auto_id=auto_id))
    else:
        form = bound_with_errors(form_class, data, fields or {}, case=case, actor=user, auto_id=auto_id)
    if name == "record_payment":
        _instalment_choices(form, case)
    if name == "transfer":
        _destination_choices(form)
    return form


def _destination_choices(form):
    """The transfer's destinations, read once as the list shows them; `form.destinations` is how many (none:
    the page does not offer a transfer with nothing to choose)."""
    field = form.fields["unit"]
    units = list(field.queryset)
    field.widget.choices = [("", field.empty_label)] + [(unit.pk, field.label_from_instance(unit)) for unit in units]
    form.destinations = len(units)


def _instalment_choices(form, case):
    """The instalment a payment names, chosen from the agreement's (none to choose: no field)."""
    agreement = case.agreements.first()
    rows = performance.schedule(agreement) if agreement else []
    if len(rows) < 2 or not any(pk for _due, _amount, pk in rows):
        del form.fields["instalment"]
        return
    choices = [("", NO_INSTALMENT)] + [
        (str(n), INSTALMENT_CHOICE % {"n": n, "due": formats.date_format(due), "amount": yuan(amount)})
        for n, (due, amount, _pk) in enumerate(rows, start=1)
    ]
    form.fields["instalment"].widget = forms.Select(choices=choices)


def step_forms(case, user, failed_step=None):
    """{name: form} of the page's steps this user may take now; a refused one with its errors."""
    forms_ = {}
    for name in PAGE_STEPS:
        if failed_step and failed_step[0] == name:
            forms_[name] = failed_step[1]
        elif steps.may_take(case, name, user):
            form = step_form(name, case, user=user)
            if name == "transfer" and not form.destinations:
                continue  # nowhere to send the case
            forms_[name] = form
    return forms_


def notice_form(case, kind, data=None, fields=None):
    """The small form a document asks for before it is issued (the mediation notice: the session's
    time and place), from the step that records it."""
    from casedesk.documents.offers import INPUT_STEPS

    form_class, auto_id = steps.step(INPUT_STEPS[kind]).form, f"id_{kind}_%s"
    if data is None:
        form = adapt_widgets(form_class(case=case, auto_id=auto_id))
    else:
        form = bound_with_errors(form_class, data, fields or {}, case=case, auto_id=auto_id)
    if "scheduled_for" in form.fields:
        form.fields["scheduled_for"].widget = forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    return form


def documents(case, user, unmasked, failed_document=None):
    """The 文书 panel: each kind offered on the case (casedesk.documents.offers), its versions, whether this
    user may issue it, and the form of the input it asks for; None when the documents package is not
    installed."""
    try:
        from casedesk.documents import offers
    except ImportError:
        return None
    rows = offers.offers(case, user, unmasked)
    for row in rows:
        if failed_document and failed_document[0] == row.kind:
            row.form = failed_document[1]
        elif row.input_step:
            row.form = notice_form(case, row.kind)
    return rows


def applicant_rows(case, unmasked):
    return [
        {
            "number": a.number,
            "name": a.name,
            "id_type": a.person.get_id_type_display(),
            "id_number": access.masked_id_number(a.person.id_number, unmasked),
            "id_verified": a.person.id_verified,
            "phone": access.masked_phone(a.phone, unmasked),
            "bank_account": access.masked_bank_account(a.bank_account, unmasked),
            "employment_form": a.get_employment_form_display(),
            "address": a.address,
            "job": a.job,
            "employed_from": a.employed_from,
            "employed_until": a.employed_until,
        }
        for a in case.applicants.all()
    ]


def staff_applicants(case):
    """The numbers of the applicants who hold a member of staff's document (for those who see it unmasked)."""
    conflicted = conflicts.staff_applicants(case)
    return [a.number for a in case.applicants.all() if a.person_id in conflicted]


def scheduled_sessions(case, events=None):
    """The sessions scheduled (the step "session_scheduled") for a time still to come, soonest first; none
    once mediation has ended (steps.sessions_still_held)."""
    if not steps.sessions_still_held(case):
        return []
    now, found = clock.now(), []
    if events is None:
        scheduled = CaseEvent.objects.filter(case=case, action="session_scheduled").values_list("data", flat=True)
    else:
        scheduled = [e.data for e in events if e.action == "session_scheduled"]
    for data in scheduled:
        when = datetime.datetime.fromisoformat(str(data.get("scheduled_for")))
        if when > now:
            found.append({"at": when, "place": data.get("place", ""), "note": data.get("note", "")})
    return sorted(found, key=lambda s: s["at"])


@dataclass
class RelatedCase:
    """The open case this one may duplicate, as the one who decides on acceptance needs it: its number,
    state, mediator and day; a link only where they may open it (it may be another mediator's)."""

    case: object
    visible: bool


def related_case(case, user):
    related = case.related_case
    if related is None:
        return None
    return RelatedCase(related, access.can_see(user, related))


def return_visits(case, events):
    """The return visits recorded on the case, read only when its events hold one (most cases have none)."""
    if not any(event.action == "return_visit" for event in events):
        return []
    return list(case.return_visits.select_related("recorded_by"))


def follow_up_forms(page_steps, visits):
    """(name, button, form) of the follow-up steps offered; once the worker was visited, a visit more is
    "another" (a complaint, money still missing), not the first one again."""
    return [(name, ANOTHER_VISIT if name == "return_visit" and visits else steps.step(name).button, page_steps[name])
            for name in FOLLOW_UP_STEPS if name in page_steps]


def case_events(case):
    """Every event of the case, in order, with its actor; kept on the case as its prefetched `events`, so
    that what else the page reads of them (the documents offered, those missing) reads no more."""
    prefetch_related_objects([case], Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("seq")))
    return list(case.events.all())


def timeline(case, events=None):
    events = case_events(case) if events is None else events
    return [{"event": event, "text": text} for event, text in zip(events, describe(events), strict=True)]


def information_requests(case):
    """What the desk asked the worker of an online application, and the answers (None: not one)."""
    application = Application.objects.filter(case=case).first()
    return None if application is None else review.asked_and_answered(application)


def render_case_page(request, case_id, *, failed_action=None, failed_session=None, failed_step=None,
                     failed_correction=None, failed_new_applicant=None, failed_document=None, page_error=None,
                     status=200):
    """The case page; after a refused action, that action's form open with its errors, or the reason
    on top when the form is no longer offered, answered with the refusal's status."""
    # Where the case came from (a consultation, an online application) read with it, not by the template.
    details = selectors.case_details().select_related("consultation", "online_application")
    opened = access.open_case_for(request.user, case_id, queryset=details)
    case, unmasked = opened.case, opened.unmasked
    panels, asked = [], request.GET.get("recommend")
    for name in transitions.available_transitions(case, request.user):
        form = (failed_action[1] if failed_action and failed_action[0] == name
                else action_form(name, case, recommend=name == asked))
        declared = transitions.declaration(name)
        panels.append(ActionPanel(name, declared.button, form, caution=declared.caution,
                                  is_open=form.is_bound or (name == asked and name in RECOMMENDED_ON_REQUEST)))
    if failed_action and failed_action[0] not in [p.name for p in panels]:
        page_error = page_error or failed_action[1].non_field_errors()
    events = case_events(case)  # read once: the timeline, the checklist and the scheduled sessions
    on_task = task_steps.for_page(request, case, panels, step_form, failed_step, events)
    agreements = list(case.agreements.all())
    page_steps = step_forms(case, request.user, failed_step)
    visits = return_visits(case, events)
    return render(request, "desk/case_detail.html", {
        "case": case,
        "on_task": on_task,  # the workflow task the page was opened for, and the checklist
        "unmasked": unmasked,
        "applicants": applicant_rows(case, unmasked),
        "respondent": case.respondent,
        "employer_phone": access.masked_phone(case.respondent.contact_phone, unmasked),
        "claims": list(case.claims.all()),
        "deadlines": [(labels.DEADLINES[d.kind], d) for d in deadlines.case_deadlines(case)],
        "actions": panels,
        "agreement": agreements[0] if agreements else None,
        "performance": performance.of(agreements[0]) if agreements else None,
        "sessions": list(case.sessions.all()),
        "scheduled_sessions": scheduled_sessions(case, events),
        "session_form": failed_session or (
            session_form(case) if steps.may_take(case, "record_session", request.user) else None),
        "step_forms": page_steps,
        "follow_up_forms": follow_up_forms(page_steps, visits),
        "return_visits": visits,
        "related": related_case(case, request.user),
        "correction_form": failed_correction or (
            CorrectionPageForm(case=case) if steps.may_take(case, "correct_party", request.user) else None),
        "new_applicant_form": failed_new_applicant or (
            NewApplicantPageForm() if case.status in corrections.BEFORE_MEDIATION_ENDS
            and steps.may_take(case, "correct_party", request.user) else None),
        "staff_applicants": staff_applicants(case) if unmasked else [],
        "timeline": timeline(case, events),
        "information_requests": information_requests(case),
        "documents": documents(case, request.user, unmasked, failed_document),
        "page_error": page_error,
        "correctable_states": corrections.BEFORE_MEDIATION_ENDS,
        # A form sent back with errors: the page says so on top, and scrolls to the first (forms.js).
        "form_errors": any(form is not None for form in (
            failed_action and failed_action[1], failed_session, failed_step and failed_step[1], failed_correction,
            failed_new_applicant, failed_document and failed_document[1])),
    }, status=status)

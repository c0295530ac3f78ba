"""The correction form of the case page: whose data and which field, in words (the step's own form,
casedesk.cases.step_forms.CorrectionForm, takes the party and the applicant's number)."""

import copy
import functools

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from casedesk.cases import corrections, labels
from casedesk.cases.forms_base import ConsentField
from casedesk.cases.intake_forms import ApplicantForm
from casedesk.web import formatting
from casedesk.web.pages import adapt_widget, adapt_widgets

PARTY_LABELS = dict(corrections.PARTIES)


def parties(case):
    """Whose data (or, until mediation ends, which part of the dispute) a correction is about."""
    rows = [(f"applicant-{a.number}", f"{labels.APPLICANT_NUMBER % {'n': a.number}} {a.name}")
            for a in case.applicants.all()]
    rows.append((corrections.EMPLOYER, f"{PARTY_LABELS[corrections.EMPLOYER]} {case.respondent.name}"))
    referral = getattr(case, "referral", None)
    if referral is not None:
        rows.append((corrections.REFERRAL, f"{PARTY_LABELS[corrections.REFERRAL]} {referral.addressee}"))
    court = getattr(case, "court_referral", None)
    if court is not None:
        rows.append((corrections.COURT_REFERRAL, f"{PARTY_LABELS[corrections.COURT_REFERRAL]} {court.court_case_number}"))
    if case.status in corrections.BEFORE_MEDIATION_ENDS:
        rows.append((corrections.CASE, _("The case: facts and reasons")))
        rows += [(f"claim-{n}", f"{_('Claim')} {n} {claim.get_kind_display()} {formatting.yuan(claim.amount)}")
                 for n, claim in enumerate(sorted(case.claims.all(), key=lambda c: c.pk), start=1)]
    return rows


class FieldOfPartySelect(forms.Select):
    """The fields to correct, each option saying whose it is (data-for), so that the page offers only the
    fields of the party chosen in `who` (static/js/forms.js, data-follows)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["data-for"] = " ".join(
            party for party, fields in corrections.FIELDS_OF.items() if value in fields)
        return option


class ValueOfFieldInput(forms.TextInput):
    """The corrected value: a text box, and beside it, hidden and disabled, the registration's own control
    of each party's field (a date picker, the employment forms, a number pad, a text area, a counter of
    that field's length). static/js/forms.js shows and sends the control of the party and the field
    chosen, carrying over a value typed before a refusal; without the script, the text box is sent."""

    def __init__(self, attrs=None, *, party_in, field_in):
        super().__init__(attrs)
        self.party_in, self.field_in = party_in, field_in

    def render(self, name, value, attrs=None, renderer=None):
        plain = super().render(name, value, attrs, renderer)
        plain_id = (attrs or {}).get("id", "")
        controls = (
            widget.render(name, None, {"id": f"{plain_id}_{n}", "data-value-for": " ".join(fields),
                                       "disabled": True, "hidden": True}, renderer)
            for n, (fields, widget) in enumerate(controls_by_field(), start=1)
        )
        return format_html('<span class="value-of-field" data-party-in="{}" data-field-in="{}">{}{}</span>',
                           self.party_in, self.field_in, plain, mark_safe("".join(controls)))  # noqa: S308 - rendered widgets


@functools.cache
def controls_by_field():
    """[(the fields, their control)]: each correctable field's control as the registration page draws it
    (a field named "party.field": an employer's name is longer than a worker's), fields drawn alike
    sharing one."""
    drawn = {}
    for party, names in corrections.FIELDS_OF.items():
        for field in names:
            widget = adapt_widget(copy.deepcopy(corrections.registration_field(party, field))).widget
            fields, _widget = drawn.setdefault(widget.render("value", None), ([], widget))
            fields.append(f"{party}.{field}")
    return list(drawn.values())


class CorrectionPageForm(forms.Form):
    who = forms.ChoiceField(label=_("whose data"))
    field = forms.ChoiceField(label=_("field to correct"), choices=list(corrections.FIELDS.items()),
                              widget=FieldOfPartySelect(attrs={"data-follows": "id_correction_who"}))
    # No length of its own (the service holds each field to its own): the control of the field chosen counts.
    value = forms.CharField(label=_("corrected value"), required=False,
                            widget=ValueOfFieldInput(party_in="id_correction_who", field_in="id_correction_field"))
    reason = forms.CharField(label=_("reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("auto_id", "id_correction_%s")
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = parties(case)
        adapt_widgets(self)

    @staticmethod
    def service_data(post):
        """The step's data from the page's POST."""
        who = post.get("who", "")
        data = {key: post[key] for key in ("field", "value", "reason") if key in post}
        if who in (corrections.EMPLOYER, corrections.CASE, corrections.REFERRAL):
            data["party"] = who
        elif who.startswith("claim-"):
            data["party"], data["claim"] = corrections.CLAIM, who.removeprefix("claim-")
        elif who.startswith("applicant-"):
            data["party"], data["applicant"] = corrections.APPLICANT, who.removeprefix("applicant-")
        else:
            data["party"] = who
        return data

    @classmethod
    def refused(cls, case, post, fields):
        """The form as typed, with the service's errors next to its fields (no second validation)."""
        form = cls(post, case=case)
        form._errors = ErrorDict()
        for name, messages in fields.items():
            key = {"party": "who", "applicant": "who", "claim": "who"}.get(name, name)
            form._errors.setdefault(key if key in form.fields else "__all__", ErrorList()).extend(messages)
        return form


class NewApplicantPageForm(forms.Form):
    """The case page's form for a worker left out at registration: the correction step with party
    "new_applicant", the worker's fields as the registration page asks them."""

    WORKER_FIELDS = ("name", "id_type", "id_number", "phone", "employment_form")
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_new_applicant_%s")
        super().__init__(*args, **kwargs)
        worker = {name: copy.deepcopy(ApplicantForm.base_fields[name]) for name in self.WORKER_FIELDS}
        worker["id_type"].required = True
        worker["name_confirmed"] = ConsentField(
            label=_("the name is right although another is on record"), required=False)
        self.fields = {**worker, "reason": self.fields["reason"]}
        adapt_widgets(self)

    @classmethod
    def service_data(cls, post):
        worker = {key: post[key] for key in (*cls.WORKER_FIELDS, "name_confirmed") if post.get(key)}
        return {"party": corrections.NEW_APPLICANT, "new_applicant": worker, "reason": post.get("reason", "")}

    @classmethod
    def refused(cls, post, fields):
        """The form as typed, with the service's errors next to its fields (no second validation)."""
        form = cls(post)
        form._errors = ErrorDict()
        for name, messages in fields.items():
            key = name.removeprefix("new_applicant.") if name.startswith("new_applicant.") else name
            form._errors.setdefault(key if key in form.fields else "__all__", ErrorList()).extend(messages)
        return form

"""The registration page: the intake forms of casedesk.cases, laid out as one page.

These forms only render fields and carry what was typed. Validation is the intake
service's (casedesk.cases.intake), whose errors are put back next to each field.
"""

from django import forms
from django.forms import formset_factory
from django.forms.utils import ErrorDict, ErrorList

from casedesk.cases.choices import COURT_CHANNELS, REFERRAL_CHANNEL
from casedesk.cases.intake_forms import (
    MAX_APPLICANTS,
    MAX_CLAIMS,
    ApplicantForm,
    CaseForm,
    ClaimForm,
    CourtReferralForm,
    EmployerForm,
    ReferralForm,
)
from casedesk.web.pages import adapt_widgets, count_instead_of_cut


class PagePart:
    """An intake form on a page: prefixed POST fields, errors given by the intake service."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unknown = []  # a page posts other forms' fields too: not this form's business
        if self.is_bound:
            self._errors = ErrorDict()  # filled from InvalidData.fields, never by a second validation
        adapt_widgets(self)

    def raw_values(self):
        """What was typed, as the intake service's dict: the same shape as the API body."""
        values = {}
        for name in self.fields:
            value = self[name].data
            if value not in (None, ""):
                values[name] = value.strip() if isinstance(value, str) else value
        return values

    def is_blank(self):
        return not any(self[name].data for name in self.blank_check)

    def put_error(self, name, messages):
        key = name if name in self.fields else "__all__"
        self._errors.setdefault(key, ErrorList()).extend(messages)


class CasePart(PagePart, CaseForm):
    blank_check = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].widget = forms.Textarea(attrs={"rows": 6})
        count_instead_of_cut(self.fields["summary"])
        self.fields["channel"].widget.attrs["data-court-channels"] = ",".join(COURT_CHANNELS)
        self.fields["channel"].widget.attrs["data-referral-channel"] = REFERRAL_CHANNEL

    @property
    def channel_is_court(self):
        return self["channel"].value() in COURT_CHANNELS

    @property
    def channel_is_referral(self):
        return self["channel"].value() == REFERRAL_CHANNEL


class ApplicantPart(PagePart, ApplicantForm):
    blank_check = ("name", "id_number", "phone", "bank_account", "address", "job")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["name_confirmed"]  # confirmed on the page's warning (intake_checks), not typed
        self.fields["id_number"].widget.attrs.update({"data-check": "identity", "autocomplete": "off"})
        self.fields["phone"].widget.attrs.update({"data-check": "phone", "inputmode": "tel"})
        self.fields["bank_account"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["id_type"].required = True  # the intake default; shown so that no one has to guess


class EmployerPart(PagePart, EmployerForm):
    blank_check = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"data-lookup": "name", "autocomplete": "off"})
        self.fields["uscc"].widget.attrs.update({"data-check": "uscc", "data-lookup": "uscc", "autocomplete": "off"})
        self.fields["contact_phone"].widget.attrs.update({"data-check": "phone", "inputmode": "tel"})


class ClaimPart(PagePart, ClaimForm):
    blank_check = ("amount", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs.update({"data-claim-amount": "", "inputmode": "decimal"})
        self.fields["description"].widget = forms.TextInput()
        count_instead_of_cut(self.fields["description"])


class ReferralPart(PagePart, CourtReferralForm):
    blank_check = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]  # follows from the channel (intake sets it)


class BodyReferralPart(PagePart, ReferralForm):
    blank_check = ()


class PartsFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self._non_form_errors = self.error_class()

    def full_clean(self):
        # Validation is the service's; only the management form is checked here.
        self._errors = [form.errors for form in self.forms]
        if self._non_form_errors is None:
            self._non_form_errors = self.error_class()

    def put_error(self, messages):
        self._non_form_errors.extend(messages)


ApplicantFormSet = formset_factory(
    ApplicantPart, formset=PartsFormSet, extra=0, min_num=1, max_num=MAX_APPLICANTS, absolute_max=MAX_APPLICANTS
)
ClaimFormSet = formset_factory(
    ClaimPart, formset=PartsFormSet, extra=0, min_num=1, max_num=MAX_CLAIMS, absolute_max=MAX_CLAIMS
)


class RegistrationPage:
    """Every part of the registration form, bound to one POST (or empty for a new page)."""

    def __init__(self, data=None, initial=None):
        """`initial`: a registration in the intake service's shape to start an empty page from."""
        initial = initial or {}
        self.case = CasePart(data, prefix="case", initial=initial)
        self.employer = EmployerPart(data, prefix="employer", initial=initial.get("employer"))
        self.referral = ReferralPart(data, prefix="court_referral", initial=initial.get("court_referral"))
        self.body_referral = BodyReferralPart(data, prefix="referral", initial=initial.get("referral"))
        self.applicants = ApplicantFormSet(data, prefix="applicants", initial=initial.get("applicants"))
        self.claims = ClaimFormSet(data, prefix="claims", initial=initial.get("claims"))
        self.non_field_errors = ErrorList()
        self._applicant_rows = []  # index in the service's data -> form on the page
        self._claim_rows = []

    def service_data(self):
        """The registration as the intake service takes it; blank extra rows are left out."""
        data = self.case.raw_values()
        data["employer"] = self.employer.raw_values()
        data["applicants"] = self._rows(self.applicants, self._applicant_rows, keep_first=True)
        data["claims"] = self._rows(self.claims, self._claim_rows, keep_first=False)
        data["court_referral"] = self.referral.raw_values() if self.case.channel_is_court else None
        data["referral"] = self.body_referral.raw_values() if self.case.channel_is_referral else None
        return data

    def _rows(self, formset, index, *, keep_first):
        index.clear()
        rows = []
        for position, form in enumerate(formset.forms):
            if form.is_blank() and not (keep_first and position == 0):
                continue
            index.append(form)
            rows.append(form.raw_values())
        return rows

    def put_errors(self, fields):
        """Put the intake service's {"applicants.0.id_number": [...]} next to each field."""
        for path, messages in fields.items():
            head, _dot, rest = path.partition(".")
            if head == "applicants":
                self._put_row_error(self.applicants, self._applicant_rows, rest, messages)
            elif head == "claims":
                self._put_row_error(self.claims, self._claim_rows, rest, messages)
            elif head == "employer" and rest:
                self.employer.put_error(rest, messages)
            elif head == "court_referral" and rest:
                self.referral.put_error(rest, messages)
            elif head == "referral":
                self.body_referral.put_error(rest or "__all__", messages)
            elif head in self.case.fields:
                self.case.put_error(head, messages)
            else:
                self.non_field_errors.extend(messages)

    def _put_row_error(self, formset, index, rest, messages):
        position, _dot, name = rest.partition(".")
        if position.isdigit() and int(position) < len(index) and name:
            index[int(position)].put_error(name, messages)
        else:
            formset.put_error(messages)

    @property
    def has_errors(self):
        parts = [self.case, self.employer, self.referral, self.body_referral, *self.applicants.forms,
                 *self.claims.forms]
        return bool(
            self.non_field_errors or self.applicants.non_form_errors() or self.claims.non_form_errors()
            or any(part.is_bound and part.errors for part in parts)
        )

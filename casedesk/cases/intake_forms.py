"""The parts of a registration (DESIGN.md "(create)"), each validated on its own."""

from django import forms
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .choices import (
    COURT_CHANNELS,
    REFERRAL_CHANNEL,
    Category,
    Channel,
    ClaimKind,
    EmploymentForm,
    IdType,
    ReferralKind,
    ReferringBody,
)
from .forms_base import (
    ConsentField,
    IdentifierField,
    NameField,
    StrictForm,
    amount_field,
    check_past_date,
    text_field,
)
from .identifiers import resident_id_error, uscc_error, validate_phone
from .models import SUMMARY_MAX
from .party_models import ADDRESS_MAX, JOB_MAX, NAME_MAX, TITLE_MAX

MAX_APPLICANTS = 500
MAX_CLAIMS = 50
BANK_ACCOUNT_MIN, BANK_ACCOUNT_MAX = 12, 30
BANK_ACCOUNT_MESSAGE = _("A bank account number has 12 to 30 digits.")


def validate_bank_account(value):
    """The worker's wage account: digits only (spaces are already gone), 12 to 30 of them."""
    if value and not (value.isascii() and value.isdigit() and BANK_ACCOUNT_MIN <= len(value) <= BANK_ACCOUNT_MAX):
        raise forms.ValidationError(BANK_ACCOUNT_MESSAGE, code="invalid_bank_account")


class CaseForm(StrictForm):
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    summary = text_field(SUMMARY_MAX, label=_("summary"))
    dispute_started_on = forms.DateField(label=_("dispute started on"))
    employment_ended_on = forms.DateField(label=_("employment ended on"), required=False)

    def clean_dispute_started_on(self):
        value = self.cleaned_data["dispute_started_on"]
        check_past_date(value, _("The date the dispute started"))
        return value

    def clean_employment_ended_on(self):
        value = self.cleaned_data.get("employment_ended_on")
        check_past_date(value, _("The date employment ended"))
        return value

    @property
    def is_court_channel(self):
        return self.cleaned_data.get("channel") in COURT_CHANNELS

    @property
    def is_referral_channel(self):
        return self.cleaned_data.get("channel") == REFERRAL_CHANNEL


class ApplicantForm(StrictForm):
    name = NameField(NAME_MAX, label=_("name"))
    id_type = forms.ChoiceField(label=_("document type"), choices=IdType.choices, required=False)
    id_number = IdentifierField(label=_("document number"), max_length=40, required=False)
    phone = IdentifierField(max_length=20, required=False, label=_("phone"), validators=[validate_phone])
    bank_account = IdentifierField(
        max_length=40, required=False, label=_("bank account"), validators=[validate_bank_account]
    )
    employment_form = forms.ChoiceField(label=_("employment form"), choices=EmploymentForm.choices)
    address = text_field(ADDRESS_MAX, required=False, label=_("address"))
    job = text_field(JOB_MAX, required=False, label=_("job"))
    employed_from = forms.DateField(label=_("employed from"), required=False)
    employed_until = forms.DateField(label=_("employed until"), required=False)
    # Register although the document is on record under a different name (the case keeps the name
    # as written here; the person on record keeps theirs).
    name_confirmed = ConsentField(label=_("the name is right although another is on record"), required=False)

    def clean_employed_from(self):
        check_past_date(self.cleaned_data.get("employed_from"), _("The start of employment"))
        return self.cleaned_data.get("employed_from")

    def clean_employed_until(self):
        check_past_date(self.cleaned_data.get("employed_until"), _("The end of employment"))
        return self.cleaned_data.get("employed_until")

    def clean(self):
        data = super().clean()
        start, end = data.get("employed_from"), data.get("employed_until")
        if start and end and end < start:
            self.add_error("employed_until", _("Employment cannot end before it started."))
        return check_document(self, data)


def check_document(form, data):
    """The document type (resident ID card unless told) and number of `data`, checked: a resident ID
    card's number by its check character (then verified), another document's recorded unverified."""
    id_type = data.get("id_type") or IdType.RESIDENT_ID
    data["id_type"] = id_type
    number = data.get("id_number", "")
    if id_type == IdType.NONE:
        if number:
            form.add_error("id_number", _("Leave the number empty when there is no document."))
        data["id_verified"] = False
    elif not number:
        if "id_number" not in form.errors:
            form.add_error("id_number", _("Enter the document number, or choose “no document at hand”."))
    elif id_type == IdType.RESIDENT_ID:
        error = resident_id_error(number)
        if error:
            form.add_error("id_number", error)
        data["id_verified"] = error is None
    else:
        # Other documents have no checksum we can verify: recorded, flagged unverified.
        data["id_verified"] = False
    return data


class StaffIdentityForm(StrictForm):
    """A user's own identity document (casedesk.cases.party_models.StaffIdentity)."""

    id_type = forms.ChoiceField(label=_("document type"), choices=IdType.choices[:-1], required=False)
    id_number = IdentifierField(label=_("document number"), max_length=40)

    def clean(self):
        return check_document(self, super().clean())


class IdentityLookupForm(StrictForm):
    """A document typed on the registration page, looked up as it is typed (casedesk.cases.identities)."""

    name = NameField(NAME_MAX, label=_("name"), required=False)
    id_type = forms.ChoiceField(label=_("document type"), choices=IdType.choices, required=False)
    id_number = IdentifierField(label=_("document number"), max_length=40)

    def clean(self):
        return check_document(self, super().clean())


class EmployerForm(StrictForm):
    name = NameField(200, label=_("employer name"))
    uscc = IdentifierField(label=_("unified social credit code"), max_length=18, required=False)
    address = text_field(200, required=False, label=_("address"))
    legal_representative = NameField(NAME_MAX, required=False, label=_("legal representative"))
    legal_representative_title = text_field(TITLE_MAX, required=False, label=_("title of the legal representative"))
    contact_name = NameField(NAME_MAX, required=False, label=_("contact person"))
    contact_phone = IdentifierField(
        max_length=20, required=False, label=_("contact phone"), validators=[validate_phone]
    )

    def clean_uscc(self):
        value = self.cleaned_data.get("uscc", "")
        if value:
            error = uscc_error(value)
            if error:
                raise forms.ValidationError(error)
        return value


class ClaimForm(StrictForm):
    kind = forms.ChoiceField(label=_("claim kind"), choices=ClaimKind.choices)
    amount = amount_field(label=_("amount"))
    description = text_field(500, required=False, label=_("description"))


COURT_DAYS_MAX = 90
COURT_DAYS_MESSAGE = lazy(lambda: str(_("The days the court allows are between 1 and %(max)d.")) % {
    "max": COURT_DAYS_MAX}, str)()


class CourtReferralForm(StrictForm):
    court = text_field(100, label=_("court"))
    court_case_number = text_field(60, label=_("court case number"))
    kind = forms.ChoiceField(label=_("referral kind"), choices=ReferralKind.choices, required=False)
    referred_on = forms.DateField(label=_("referred on"))
    received_on = forms.DateField(
        label=_("materials signed for on"), required=False,
        help_text=_("The court's period runs from this day; left empty, from the day the court referred the case."),
    )
    mediation_days = forms.IntegerField(
        label=_("days the court allows"), min_value=1, max_value=COURT_DAYS_MAX, required=False,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), COURT_DAYS_MESSAGE),
    )

    def clean_referred_on(self):
        value = self.cleaned_data["referred_on"]
        check_past_date(value, _("The referral date"))
        return value

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        check_past_date(value, _("The day the materials were signed for"))
        return value

    def clean(self):
        data = super().clean()
        referred, received = data.get("referred_on"), data.get("received_on")
        if referred and received and received < referred:
            self.add_error("received_on", received_before_referral(referred))
        elif referred and not received and "received_on" not in self.errors:
            data["received_on"] = referred  # the earliest the union can have signed: the period never runs late
        return data


def referred_before_dispute(started_on):
    """A body (a court, another body) refers a dispute once it has arisen: a date before it is mistyped."""
    return _("The date is before the dispute started (%(date)s): check it.") % {"date": date_format(started_on)}


def received_before_referral(referred_on):
    return _("The day the materials were signed for is before the referral (%(date)s): check it.") % {
        "date": date_format(referred_on)}


class ReferralForm(StrictForm):
    """A case another body referred to the union (channel "transfer"): the body, its 文号, the date."""

    body = forms.ChoiceField(label=_("referring body"), choices=ReferringBody.choices)
    body_name = NameField(100, required=False, label=_("name of the referring body"))
    reference_number = text_field(60, label=_("reference number"))
    referred_on = forms.DateField(label=_("date referred"))

    def clean_referred_on(self):
        value = self.cleaned_data["referred_on"]
        check_past_date(value, _("The date referred"))
        return value

    def clean(self):
        data = super().clean()
        if data.get("body") == ReferringBody.OTHER and not data.get("body_name"):
            self.add_error("body_name", _("Name the body that referred the case."))
        return data


REFERRAL_KIND_FOR_CHANNEL = {
    Channel.COURT_DELEGATED: ReferralKind.PRE_LITIGATION,
    Channel.COURT_COMMISSIONED: ReferralKind.COMMISSIONED,
}

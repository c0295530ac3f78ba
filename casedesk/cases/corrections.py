"""Correcting what a case says about its parties (DESIGN.md "Parties"), what it says of the body that
referred it (its name, reference number and date) or of the court that delegated or commissioned it
(the court, its case number, the dates, the days allowed: a corrected day signed for or number of days
moves the court's deadline while mediation runs), and, until mediation ends, its summary and the
amount of a claim: one field at a time, on that case's own rows, checked as
registration checks it. Taken through the step service (the step
"correct_party" of casedesk.cases.steps, form casedesk.cases.step_forms.CorrectionForm), so that
each correction is one event of the case's chain: who, when, which field, before and after
(personal data masked as everywhere in the chain), and why. No other case changes.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import access, clock, courts, crypto, deadlines, identities
from .choices import IdType, ReferringBody, Status
from .errors import InvalidData, TransitionNotAllowed
from .forms_base import check_past_date
from .identifiers import mask_id_number, mask_phone, resident_id_error, uscc_error
from .intake_forms import (
    ApplicantForm,
    CaseForm,
    ClaimForm,
    CourtReferralForm,
    EmployerForm,
    ReferralForm,
    received_before_referral,
    referred_before_dispute,
)
from .models import SUMMARY_MAX, Applicant, Employer, Person, employment_forms_key

APPLICANT, EMPLOYER, CASE, CLAIM, NEW_APPLICANT = "applicant", "employer", "case", "claim", "new_applicant"
REFERRAL, COURT_REFERRAL = "referral", "court_referral"
PARTIES = [(APPLICANT, _("Applicant")), (EMPLOYER, _("Employer")), (CASE, _("The case")), (CLAIM, _("A claim")),
           (NEW_APPLICANT, _("A worker missing from the case")), (REFERRAL, _("The body that referred the case")),
           (COURT_REFERRAL, _("The court's referral"))]
# What a new applicant's row keeps (as registration writes it, casedesk.cases.intake.APPLICANT_FIELDS).
NEW_APPLICANT_ROW = ("name", "phone", "address", "bank_account", "employment_form", "job", "employed_from",
                     "employed_until")
VALUE_MAX = SUMMARY_MAX  # the longest field (the summary); each field is held to its own length
# What the dispute is about may be corrected until mediation ends; the parties' data until archiving.
BEFORE_MEDIATION_ENDS = (Status.SUBMITTED, Status.ACCEPTED, Status.MEDIATING)
AFTER_MEDIATION_MESSAGE = _("Mediation has ended: the summary and the claims stay as they were when it ended.")

# The fields a correction may name, with the label people read (the timeline, the forms).
FIELDS = {
    # A worker's name or an employer's: 姓名（名称）, as a legal form asks it of a party that may be either.
    "name": pgettext_lazy("party's", "name"),
    "id_number": _("document number"),
    "phone": _("phone"),
    "address": _("address"),
    "bank_account": _("bank account"),
    "employment_form": _("employment form"),
    "job": _("job"),
    "employed_from": _("employed from"),
    "employed_until": _("employed until"),
    "uscc": _("unified social credit code"),
    "legal_representative": _("legal representative"),
    "legal_representative_title": _("title of the legal representative"),
    "contact_name": _("contact person"),
    "contact_phone": _("contact phone"),
    "summary": _("summary"),
    "amount": _("amount claimed"),
    "body_name": _("name of the referring body"),
    "reference_number": _("reference number"),
    "referred_on": _("date referred or delegated"),
    "court": _("court"),
    "court_case_number": _("court case number"),
    "received_on": _("materials signed for on"),
    "mediation_days": _("days the court allows"),
}
APPLICANT_FIELDS = ("name", "id_number", "phone", "address", "bank_account", "employment_form", "job",
                    "employed_from", "employed_until")
EMPLOYER_FIELDS = ("name", "uscc", "address", "legal_representative", "legal_representative_title", "contact_name",
                   "contact_phone")
CASE_FIELDS = ("summary",)
CLAIM_FIELDS = ("amount",)
# The referring body's kind is chosen at registration; its name, reference number and date may be corrected.
REFERRAL_FIELDS = ("body_name", "reference_number", "referred_on")
# The court's referral: all but its kind, which follows from the channel.
COURT_REFERRAL_FIELDS = ("court", "court_case_number", "referred_on", "received_on", "mediation_days")
# The fields each party has, for the page to offer only those (the service refuses any other).
FIELDS_OF = {APPLICANT: APPLICANT_FIELDS, EMPLOYER: EMPLOYER_FIELDS, CASE: CASE_FIELDS, CLAIM: CLAIM_FIELDS,
             REFERRAL: REFERRAL_FIELDS, COURT_REFERRAL: COURT_REFERRAL_FIELDS}
# The registration's form whose fields check each party's corrected values.
REGISTRATION_FORMS = {APPLICANT: ApplicantForm, EMPLOYER: EmployerForm, CASE: CaseForm, CLAIM: ClaimForm,
                      REFERRAL: ReferralForm, COURT_REFERRAL: CourtReferralForm}
REQUIRED = ("name", "employment_form", "summary", "amount", "reference_number", "referred_on", "court",
            "court_case_number", "received_on", "mediation_days")
# How a value reads in the audit chain: personal data masked as the chain masks it elsewhere.
MASKS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "contact_phone": mask_phone,
    "bank_account": lambda value: access.masked_bank_account(value, False),
}


def refuse(field, message):
    raise forms.ValidationError({field: [message]})


@dataclass
class Change:
    party: str
    number: int | None  # the applicant's (or the claim's) number on the case
    field: str
    before: object
    after: object

    @classmethod
    def of(cls, case, party, number, field, raw):
        """The change `raw` makes to `field` of the party, checked; ValidationError {field: [...]} if not."""
        if party == APPLICANT:
            if field not in APPLICANT_FIELDS:
                refuse("field", _("This is not a field of an applicant."))
            if not number:
                refuse("applicant", _("Say which applicant (their number on the case)."))
            row = case.applicants.select_related("person").filter(position=number - 1).first()
            if row is None:
                refuse("applicant", _("The case has no applicant %(n)d.") % {"n": number})
            before = row.person.id_number if field == "id_number" else getattr(row, field)
            after = _applicant_value(case, row, field, raw)
        elif party == CASE:
            if field not in CASE_FIELDS:
                refuse("field", _("This is not a field of the case that may be corrected."))
            _before_mediation_ends(case)
            number, before = None, getattr(case, field)
            after = _as_registered(CASE, field, raw)
        elif party == CLAIM:
            if field not in CLAIM_FIELDS:
                refuse("field", _("This is not a field of a claim that may be corrected."))
            _before_mediation_ends(case)
            if not number:
                refuse("claim", _("Say which claim (its number on the case)."))
            row = _claim(case, number)
            if row is None:
                refuse("claim", _("The case has no claim %(n)d.") % {"n": number})
            before, after = getattr(row, field), _as_registered(CLAIM, field, raw)
        elif party == REFERRAL:
            number, before, after = None, *_referral_change(case, field, raw)
        elif party == COURT_REFERRAL:
            number, before, after = None, *_court_referral_change(case, field, raw)
        else:
            if field not in EMPLOYER_FIELDS:
                refuse("field", _("This is not a field of the employer."))
            number = None
            before = case.employer.uscc if field == "uscc" else getattr(case.respondent, field)
            after = _employer_value(field, raw)
        if (before or "") == (after or ""):
            refuse("value", _("The case already says this."))
        return cls(party, number, field, before, after)

    def write(self, case):
        """Write the change on `case`'s rows (the case is locked); returns the audit event's data."""
        if self.party == APPLICANT:
            self._write_applicant(case)
        elif self.party == CASE:
            setattr(case, self.field, self.after)
            case.save(update_fields=[self.field])
        elif self.party == CLAIM:
            row = _claim(case, self.number)
            setattr(row, self.field, self.after)
            row.save(update_fields=[self.field])
            case.claimed_total = sum((c.amount for c in case.claims.all()), Decimal("0.00"))
            case.save(update_fields=["claimed_total"])
        elif self.party == REFERRAL:
            setattr(case.referral, self.field, self.after)
            case.referral.save(update_fields=[self.field])
        elif self.party == COURT_REFERRAL:
            setattr(case.court_referral, self.field, self.after)
            case.court_referral.save(update_fields=[self.field])
        elif self.field == "uscc":
            case.employer = _employer_with_code(self.after, case.respondent.name)
            case.save(update_fields=["employer"])
        else:
            setattr(case.respondent, self.field, self.after)
            case.respondent.save(update_fields=[self.field])
        data = {"party": self.party, "field": self.field, "before": self._shown(self.before),
                "after": self._shown(self.after)}
        if self.party == COURT_REFERRAL and self.field in ("received_on", "mediation_days"):
            moved = _court_deadline_recounted(case)
            if moved:
                data["mediation_due"] = moved.isoformat()
        if self.number:
            data[CLAIM if self.party == CLAIM else "applicant"] = self.number
        return data

    def _write_applicant(self, case):
        row = case.applicants.select_related("person").get(position=self.number - 1)
        if self.field == "id_number":
            row.person = _person_with_document(row.person.id_type, self.after, row.name)
            row.save(update_fields=["person"])
            return
        setattr(row, self.field, self.after)
        row.save(update_fields=[self.field])
        if self.field == "employment_form":
            case.employment_forms = employment_forms_key(case.applicants.values_list("employment_form", flat=True))
            case.save(update_fields=["employment_forms"])

    def _shown(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, Decimal | int):
            return str(value)
        value = value or ""
        mask = MASKS.get(self.field)
        return mask(value) if mask and value else value


@dataclass
class NewApplicant:
    """A worker left out at registration, added to the case until mediation ends: their document looked
    up as registration looks it up (logged, throttled), a name other than the one on record only with
    `name_confirmed`; the case's counts follow."""

    data: dict  # casedesk.cases.intake_forms.ApplicantForm's cleaned data

    @classmethod
    def of(cls, case, raw):
        """Checked; ValidationError {"new_applicant.<field>": [...]} if not."""
        _before_mediation_ends(case)
        if not isinstance(raw, dict):
            raise forms.ValidationError({"new_applicant": [_("Give the worker's name, document and employment form.")]})
        form = ApplicantForm(raw)
        if not form.is_valid():
            raise forms.ValidationError({f"new_applicant.{name if name != '__all__' else 'non_field_errors'}": messages
                                         for name, messages in form.errors.items()})
        data = form.cleaned_data
        if data.get("id_number") and case.applicants.filter(
                person__id_type=data["id_type"], person__id_number_digest=crypto.digest(data["id_number"])).exists():
            raise forms.ValidationError({"new_applicant.id_number": [_("This worker is already an applicant of the case.")]})
        return cls(data)

    def write(self, case, actor):
        """Look the document up, add the applicant row (the case is locked); returns the event's data."""
        data = self.data
        checks = identities.check_applicants(actor, [data], where=identities.CORRECTION)
        check = checks[0] if checks else None
        if check and check.other_name and not data.get("name_confirmed"):
            raise InvalidData(fields={"new_applicant.id_number": [str(identities.OTHER_NAME_MESSAGE)]})
        position = case.applicants.count()
        if data.get("id_number"):
            person = _person_with_document(data["id_type"], data["id_number"], data["name"])
        else:
            person = Person.objects.create(id_type=data["id_type"], id_number="", name=data["name"],
                                           id_verified=False)
        Applicant.objects.create(case=case, person=person, position=position,
                                 **{key: data.get(key) for key in NEW_APPLICANT_ROW})
        case.applicant_count = position + 1
        case.is_collective = case.applicant_count >= settings.CASEDESK_COLLECTIVE_THRESHOLD
        case.employment_forms = employment_forms_key(case.applicants.values_list("employment_form", flat=True))
        case.save(update_fields=["applicant_count", "is_collective", "employment_forms"])
        number = position + 1
        shown = data["name"] + (f" {mask_id_number(data['id_number'])}" if data.get("id_number") else "")
        event = {"party": NEW_APPLICANT, "applicant": number, "after": shown}
        if check and check.other_name:
            event["name_differs"] = [number]
        if check and check.staff:
            event["staff_applicants"] = [number]
        return event


def _before_mediation_ends(case):
    if case.status not in BEFORE_MEDIATION_ENDS:
        raise TransitionNotAllowed(AFTER_MEDIATION_MESSAGE)


def _claim(case, number):
    """The case's claim `number` (1 for the first, as listed on the case page), or None."""
    return case.claims.order_by("id")[number - 1:number].first() if number and number > 0 else None


def _applicant_value(case, row, field, raw):
    if field == "id_number":
        return _document_number(case, row, raw)
    value = _as_registered(APPLICANT, field, raw)
    if field in ("employed_from", "employed_until"):
        check = {"employed_from": _("The start of employment"), "employed_until": _("The end of employment")}
        _check(lambda: check_past_date(value, check[field]))
        start = value if field == "employed_from" else row.employed_from
        end = value if field == "employed_until" else row.employed_until
        if start and end and end < start:
            refuse("value", _("Employment cannot end before it started."))
    return value


def _document_number(case, row, raw):
    value = _as_registered(APPLICANT, "id_number", raw)
    if row.person.id_type == IdType.NONE:
        refuse("value", _("This applicant was registered without a document; a number cannot be added here."))
    if not value:
        refuse("value", _("Give the corrected value."))
    if row.person.id_type == IdType.RESIDENT_ID and (error := resident_id_error(value)):
        refuse("value", error)
    digest = crypto.digest(value)
    if case.applicants.exclude(pk=row.pk).filter(person__id_type=row.person.id_type,
                                                  person__id_number_digest=digest).exists():
        refuse("value", _("Another applicant of this case holds this document."))
    return value


def _referral_change(case, field, raw):
    """(before, after) of a field of the case's referral, checked as registration checks it."""
    if field not in REFERRAL_FIELDS:
        refuse("field", _("This is not a field of the referral that may be corrected."))
    referral = getattr(case, "referral", None)
    if referral is None:
        refuse("party", _("No other body referred this case."))
    after = _as_registered(REFERRAL, field, raw)
    if field == "referred_on":
        _check(lambda: check_past_date(after, _("The date referred")))
        _check_after_dispute(case, after)
    if field == "body_name" and not after and referral.body == ReferringBody.OTHER:
        refuse("value", _("Name the body that referred the case."))
    return getattr(referral, field), after


def _court_referral_change(case, field, raw):
    """(before, after) of a field of the court's referral, checked as registration checks it: the day
    signed for not before the referral, a case number no other case holds."""
    if field not in COURT_REFERRAL_FIELDS:
        refuse("field", _("This is not a field of the court's referral that may be corrected."))
    referral = getattr(case, "court_referral", None)
    if referral is None:
        refuse("party", _("No court delegated or commissioned this case."))
    after = _as_registered(COURT_REFERRAL, field, raw)
    if field == "referred_on":
        _check(lambda: check_past_date(after, _("The referral date")))
        _check_after_dispute(case, after)
        if after > referral.received_on:
            refuse("value", _("The referral is after the day the materials were signed for (%(date)s): check it.")
                   % {"date": date_format(referral.received_on)})
    if field == "received_on":
        _check(lambda: check_past_date(after, _("The day the materials were signed for")))
        if after < referral.referred_on:
            refuse("value", received_before_referral(referral.referred_on))
    if field == "court_case_number" and (held := courts.case_holding(after, excluding=case)) is not None:
        refuse("value", courts.number_taken_message(held))
    return getattr(referral, field), after


def _check_after_dispute(case, referred_on):
    if case.dispute_started_on and referred_on < case.dispute_started_on:
        refuse("value", referred_before_dispute(case.dispute_started_on))


def _court_deadline_recounted(case):
    """The court's mediation deadline counted again from the referral as corrected, written on `case` while
    mediation runs and no date both parties agreed on stands; the new date if it moved, else None."""
    if not deadlines.set_by_rule(case):
        return None
    due = deadlines.mediation_due(case, step=deadlines.REGISTERED, on=clock.today())
    if due == case.mediation_due:
        return None
    case.mediation_due = due
    case.save(update_fields=["mediation_due"])
    return due


def _employer_value(field, raw):
    value = _as_registered(EMPLOYER, field, raw)
    if field == "uscc" and value and (error := uscc_error(value)):
        refuse("value", error)
    return value


def registration_field(party, field):
    """The registration form's field that checks `field` of `party` (the page's value box is built from it)."""
    return REGISTRATION_FORMS[party].base_fields[field]


def _as_registered(party, field, raw):
    """`raw` checked by the registration form's own field (the same rules as at registration)."""
    form_field = registration_field(party, field)
    if field in REQUIRED and not (raw or "").strip():
        refuse("value", _("Give the corrected value."))
    value = _check(lambda: form_field.clean(raw))
    return "" if value is None and not isinstance(form_field, forms.DateField) else value


def _check(call):
    try:
        return call()
    except forms.ValidationError as error:
        raise forms.ValidationError({"value": error.messages}) from None


def _person_with_document(id_type, number, name):
    """The person on record with this document, or a new one named as the case writes them."""
    person, _created = Person.objects.select_for_update().get_or_create(
        id_type=id_type, id_number_digest=crypto.digest(number),
        defaults={"id_number": number, "name": name, "id_verified": id_type == IdType.RESIDENT_ID},
    )
    return person


def _employer_with_code(uscc, name):
    """The employer on record with this credit code, or a new one (the code cleared: by name, as intake)."""
    if not uscc:
        found = Employer.objects.filter(name=name, uscc="").first()
        return found or Employer.objects.create(name=name, uscc="")
    found = Employer.objects.filter(uscc=uscc).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return Employer.objects.create(name=name, uscc=uscc)
    except IntegrityError:  # recorded by someone else a moment ago
        return Employer.objects.get(uscc=uscc)

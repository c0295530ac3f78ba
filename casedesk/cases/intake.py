"""Registering a dispute: validation of every part, duplicate check, numbering, first audit event."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casedesk.units import tree

from . import audit, clock, courts, crypto, deadlines, identities, roles, sequences
from .choices import OPEN_STATES
from .errors import InvalidData, NotPermitted
from .forms_base import errors_as_fields
from .intake_forms import (
    MAX_APPLICANTS,
    MAX_CLAIMS,
    REFERRAL_KIND_FOR_CHANNEL,
    ApplicantForm,
    CaseForm,
    ClaimForm,
    CourtReferralForm,
    EmployerForm,
    ReferralForm,
    referred_before_dispute,
)
from .models import (
    Applicant,
    Case,
    CaseEmployer,
    Claim,
    CourtReferral,
    Employer,
    Person,
    Referral,
    employment_forms_key,
)
from .signals import announce

REFERRAL_REQUIRED = _("A case transferred by another body names the body, its reference number and the date.")


@dataclass
class Registration:
    case: Case
    possible_duplicates: list = field(default_factory=list)


def register_case(*, actor, data, where=identities.API, identities_checked=None, unit=None):
    """Register a dispute from `data` (the API's create body); returns a Registration.

    The case belongs to `unit` if given (the unit a worker chose on the online application), else
    to the actor's unit, and is numbered by that unit's numbering unit.

    Each applicant's document is looked up (throttled, logged; `where` says from where) unless the
    caller already did so for this same data (`identities_checked`, the registration page). A
    number on record under a different name is refused unless that applicant carries
    `name_confirmed`: the case then keeps the name as written, the person their verified name."""
    if not roles.may_register(actor):
        raise NotPermitted()
    parts = validate(data)
    checks = identities_checked
    if checks is None:
        checks = identities.check_applicants(actor, parts["applicants"], where=where)
    _refuse_unconfirmed_names(parts["applicants"], checks)
    with transaction.atomic():
        case = _create(actor, parts, unit or tree.unit_of(actor))
        duplicates = _open_duplicates(case)
        if duplicates:
            case.related_case = duplicates[0]
            case.save(update_fields=["related_case"])
        facts = {
            "channel": case.channel, "category": case.category, "applicants": case.applicant_count,
            "claimed_total": str(case.claimed_total), "possible_duplicates": [c.number for c in duplicates],
        }
        if parts["referral"]:
            facts.update(referring_body=parts["referral"]["body"],
                         reference_number=parts["referral"]["reference_number"])
        facts.update(_flags(checks))
        event = audit.append_event(case, action="create", actor=actor, to_state=case.status, data=facts)
        announce(case, "create", event.pk, actor.pk)
    return Registration(case=case, possible_duplicates=duplicates)


def _refuse_unconfirmed_names(applicants, checks):
    errors = {
        f"applicants.{check.position - 1}.id_number": [str(identities.OTHER_NAME_MESSAGE)]
        for check in checks if check.other_name and not applicants[check.position - 1].get("name_confirmed")
    }
    if errors:
        raise InvalidData(fields=errors)


def _flags(checks):
    """What the registration event records of the look-ups: applicants (by number) registered under a
    name other than the one on record, and applicants who hold a member of staff's document."""
    flags = {}
    other_names = [c.position for c in checks if c.other_name]
    staff = [c.position for c in checks if c.staff]
    if other_names:
        flags["name_differs"] = other_names
    if staff:
        flags["staff_applicants"] = staff
    return flags


def validate(data):
    """Every part of `data` checked; raises InvalidData with all field errors at once."""
    if not isinstance(data, dict):
        raise InvalidData(fields={"non_field_errors": [str(_("Expected an object."))]})
    errors = {}
    case_form = CaseForm({k: v for k, v in data.items() if k in CaseForm.base_fields})
    unknown = set(data) - set(CaseForm.base_fields) - {"applicants", "employer", "claims", "court_referral", "referral"}
    for key in sorted(unknown):
        errors[key] = [str(_("Unknown field."))]
    errors.update(errors_as_fields(case_form))  # the channel is read below even when another field is wrong
    applicants = _list_of(data.get("applicants"), ApplicantForm, "applicants", errors, minimum=1, maximum=MAX_APPLICANTS)
    claims = _list_of(data.get("claims") or [], ClaimForm, "claims", errors, minimum=0, maximum=MAX_CLAIMS)
    employer = _one_of(data.get("employer"), EmployerForm, "employer", errors, required=True)
    referral = None
    channel_given = "channel" not in case_form.errors
    if case_form.is_court_channel:
        referral = _one_of(data.get("court_referral"), CourtReferralForm, "court_referral", errors, required=True)
        expected = REFERRAL_KIND_FOR_CHANNEL[case_form.cleaned_data["channel"]]
        if referral is not None:
            if referral.get("kind") and referral["kind"] != expected:
                errors["court_referral.kind"] = [str(_("The referral kind does not match the channel."))]
            referral["kind"] = expected
            _check_after_dispute(referral, case_form, "court_referral", errors)
            _check_court_case_number(referral["court_case_number"], errors)
    elif channel_given and data.get("court_referral"):
        errors["court_referral"] = [str(_("Only a case from a court carries a court referral."))]
    from_body = None
    if case_form.is_referral_channel:
        if data.get("referral") is None:
            errors["referral"] = [str(REFERRAL_REQUIRED)]
        else:
            from_body = _one_of(data["referral"], ReferralForm, "referral", errors, required=True)
            if from_body is not None:
                _check_after_dispute(from_body, case_form, "referral", errors)
    elif channel_given and data.get("referral"):
        errors["referral"] = [str(_("Only a case transferred by another body names the body that referred it."))]
    _check_distinct_people(applicants, errors)
    if errors:
        raise InvalidData(fields=errors)
    return {"case": case_form.cleaned_data, "applicants": applicants, "claims": claims,
            "employer": employer, "court_referral": referral, "referral": from_body}


def _check_after_dispute(referral, case_form, name, errors):
    started = case_form.cleaned_data.get("dispute_started_on")
    if started and referral["referred_on"] < started:
        errors[f"{name}.referred_on"] = [str(referred_before_dispute(started))]


def _check_court_case_number(number, errors):
    """A court refers a case once under its number: a number already registered is a second registration
    of the same dispute (or a mistyped number), refused with the case that holds it."""
    held = courts.case_holding(number)
    if held is not None:
        errors["court_referral.court_case_number"] = [str(courts.number_taken_message(held))]


def _list_of(value, form_class, name, errors, *, minimum, maximum):
    if not isinstance(value, list) or not (minimum <= len(value) <= maximum):
        errors[name] = [str(_("Give between %(min)d and %(max)d entries.") % {"min": minimum, "max": maximum})]
        return []
    cleaned = []
    for index, item in enumerate(value):
        cleaned.append(_one_of(item, form_class, f"{name}.{index}", errors, required=True))
    return cleaned


def _one_of(value, form_class, name, errors, *, required):
    if not isinstance(value, dict):
        if required or value is not None:
            errors[name] = [str(_("This part is required and must be an object."))]
        return None
    form = form_class(value)
    if not form.is_valid():
        errors.update(errors_as_fields(form, prefix=f"{name}."))
        return None
    return form.cleaned_data


def _check_distinct_people(applicants, errors):
    seen = {}
    for index, applicant in enumerate(applicants):
        if applicant and applicant.get("id_number"):
            key = (applicant["id_type"], applicant["id_number"])
            if key in seen:
                errors[f"applicants.{index}.id_number"] = [
                    str(_("The same person is listed twice (applicant %(n)d).") % {"n": seen[key] + 1})
                ]
            seen.setdefault(key, index)


def _create(actor, parts, unit):
    submitted_at = clock.now()
    year = timezone.localdate(submitted_at).year
    numbering = tree.numbering_unit(unit)
    serial = sequences.next_serial(sequences.CASES, year, numbering)
    acceptance_due, _estimated = deadlines.acceptance_due(timezone.localdate(submitted_at))
    claims = parts["claims"]
    employer = parts["employer"]
    case = Case.objects.create(
        number=format_number(year, serial, tree.number_prefix(numbering)), year=year, serial=serial, unit=unit,
        employer=_employer(employer), registered_by=actor, submitted_at=submitted_at,
        acceptance_due=acceptance_due, applicant_count=len(parts["applicants"]),
        is_collective=len(parts["applicants"]) >= settings.CASEDESK_COLLECTIVE_THRESHOLD,
        claimed_total=sum((c["amount"] for c in claims), Decimal("0.00")),
        employment_forms=employment_forms_key(a["employment_form"] for a in parts["applicants"]),
        **parts["case"],
    )
    CaseEmployer.objects.create(case=case, **{key: employer.get(key, "") for key in RESPONDENT_FIELDS})
    Applicant.objects.bulk_create(
        Applicant(case=case, person=_person(a), position=i, **{key: a.get(key) for key in APPLICANT_FIELDS})
        for i, a in enumerate(parts["applicants"])
    )
    Claim.objects.bulk_create(Claim(case=case, **c) for c in claims)
    referral = parts["court_referral"]
    if referral:
        days = referral.pop("mediation_days", None) or settings.CASEDESK_COURT_MEDIATION_DAYS
        CourtReferral.objects.create(case=case, mediation_days=days, **referral)
        case.mediation_due = deadlines.mediation_due(case, step=deadlines.REGISTERED, on=timezone.localdate(submitted_at))
        case.save(update_fields=["mediation_due"])
    if parts["referral"]:
        Referral.objects.create(case=case, **parts["referral"])
    return case


# What a case's own rows keep of each party as registered (casedesk.cases.party_models).
APPLICANT_FIELDS = ("name", "phone", "address", "bank_account", "employment_form", "job", "employed_from",
                    "employed_until")
RESPONDENT_FIELDS = ("name", "address", "legal_representative", "legal_representative_title", "contact_name",
                     "contact_phone")


def format_number(year, serial, prefix):
    """〔2026〕某工调字第0001号, with the prefix of the registering unit's numbering unit."""
    return f"〔{year}〕{prefix}第{serial:04d}号"


def employer_on_record(data):
    """The employer a registration reuses: by credit code, else by exact name without a code."""
    if data["uscc"]:
        return Employer.objects.filter(uscc=data["uscc"]).first()
    return Employer.objects.filter(name=data["name"], uscc="").first()


person_on_record = identities.person_on_record


def open_cases_of(employer, documents):
    """Open cases against `employer` of any worker holding one of `documents` [(id_type, id_number)]."""
    return _open_cases_of_holders(employer, [(id_type, crypto.digest(number)) for id_type, number in documents])


def _open_cases_of_holders(employer, digests):
    """open_cases_of, with each document given as (id_type, digest of its number)."""
    digests = [(id_type, value) for id_type, value in digests if value]
    if employer is None or not digests:
        return Case.objects.none()
    holders = Q()
    for id_type, value in digests:
        holders |= Q(id_type=id_type, id_number_digest=value)
    people = Person.objects.filter(holders)
    return (
        Case.objects.filter(employer=employer, status__in=OPEN_STATES, applicants__person__in=people.values("pk"))
        .distinct().order_by("submitted_at")
    )


def _employer(data):
    """The employer on record (its identity: credit code, else name), or a new one."""
    existing = employer_on_record(data)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Employer.objects.create(name=data["name"], uscc=data["uscc"])
    except IntegrityError:  # registered by someone else a moment ago
        return Employer.objects.get(uscc=data["uscc"])


def _person(data):
    """The person on record with this document, or a new one. Nothing of an existing person changes:
    what this case says of them is on its own applicant row."""
    if not data.get("id_number"):
        return Person.objects.create(id_type=data["id_type"], id_number="", name=data["name"],
                                     id_verified=data["id_verified"])
    person, _created = Person.objects.select_for_update().get_or_create(
        id_type=data["id_type"], id_number_digest=crypto.digest(data["id_number"]),
        defaults={"id_number": data["id_number"], "name": data["name"], "id_verified": data["id_verified"]},
    )
    return person


def _open_duplicates(case):
    """Open cases of any of this case's workers against the same employer."""
    documents = case.applicants.exclude(person__id_number_digest="").values_list(
        "person__id_type", "person__id_number_digest"
    )
    return list(_open_cases_of_holders(case.employer, list(documents)).exclude(pk=case.pk))

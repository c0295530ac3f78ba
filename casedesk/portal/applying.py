"""Sending an application, the one path of /apply/ and of POST /api/portal/applications/: the
address's hourly limit, the form (the portal's own checks, the unit chosen), the evidence, the
intake service's checks of every value, then casedesk.portal.services.submit. The page and the API
only answer the outcome in their own way (a page again, or JSON)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from casedesk.cases import intake
from casedesk.cases.errors import InvalidData, TooManyLookups

from . import evidence, messages, services, throttle
from .forms import ApplyForm


@dataclass
class Outcome:
    form: ApplyForm
    submitted: services.Submitted | None = None
    status: int = 400  # of a refusal: 400 bad data, 429 too many
    detail: str = ""
    evidence_error: str = ""


def send(data, files, address, *, challenge=False):
    """Apply with the form `data` and the uploaded `files` from `address`; nothing is saved unless
    the Outcome carries `submitted`. `challenge`: the picture's characters are needed too (the page after
    a burst, casedesk.portal.challenge; a program has only the hard hourly limit)."""
    form = ApplyForm(data, ask_email=messages.asks_for_email(), challenge=challenge)
    if not throttle.may_apply(address):
        return Outcome(form, status=429, detail=_(
            "Too many applications have been sent from this network within an hour. Please try again later, "
            "or call the union."))
    form_valid = form.is_valid()
    registration, claim_rows = form.registration()
    refused = Outcome(form, detail=_("Please correct the errors marked below."))
    try:
        checked = evidence.check_all(files)
    except evidence.Refused as exc:
        refused.evidence_error, form_valid = str(exc), False
    try:
        intake.validate(registration)
    except InvalidData as exc:
        form.add_intake_errors(exc.fields, claim_rows)
        form_valid = False
    if not form_valid or form.errors:
        return refused
    try:
        submitted = services.submit(registration, wants_messages=form.cleaned_data["wants_messages"], files=checked,
                                    unit=form.chosen_unit(), email=form.cleaned_data.get("email", ""))
    except InvalidData as exc:
        form.add_intake_errors(exc.fields, claim_rows)
        return refused
    except TooManyLookups:
        return Outcome(form, status=429, detail=_(
            "Many applications are arriving just now. Please send yours again in a minute."))
    throttle.applied(address)
    return Outcome(form, submitted=submitted, status=201)

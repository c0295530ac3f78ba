"""Applying online and tracking an application: the portal's two services.

An application is registered as a case through the one intake service (casedesk.cases.intake), with
channel "online", by the portal's system account: it arrives at the desk as a submitted case with its
acceptance deadline, and the desk's acceptance flow takes it from there.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from casedesk.cases import clock, identities, intake

from . import consent, evidence, throttle
from .identity import portal_user
from .models import Application

TRACKING_DIGITS = 6  # after the date: 20261102 + 6 random digits
CODE_DIGITS = 8


@dataclass
class Submitted:
    application: Application
    query_code: str  # shown once; only its hash is kept


def submit(data, *, wants_messages=False, files=(), unit=None, email=""):
    """Register `data` (the intake service's body; channel online) for the worker who consented now,
    with the evidence `files` (checked by casedesk.portal.evidence.check_all), in `unit` (the one the
    worker chose as nearest; None: the portal account's, the root unit), with the `email` to tell the
    worker at (only while messages go by e-mail).

    Raises what the intake service raises (InvalidData, TooManyLookups): nothing is saved then."""
    now = clock.now()
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    written = []
    try:
        with transaction.atomic():
            registration = intake.register_case(actor=portal_user(), data=data, where=identities.PORTAL, unit=unit)
            application = _create(
                case=registration.case, code_hash=make_password(code), consent_version=consent.VERSION,
                consent_sha256=consent.sha256_of_text(), consent_accepted_at=now, sensitive_consent_accepted_at=now,
                wants_messages=bool(wants_messages), email=email or "", created_at=now,
            )
            written = evidence.store(application, files)
    except BaseException:
        evidence.remove(written)
        raise
    return Submitted(application, code)


def _create(**fields):
    day = timezone.localdate(fields["created_at"]).strftime("%Y%m%d")
    for _attempt in range(10):
        number = day + "".join(secrets.choice("0123456789") for _ in range(TRACKING_DIGITS))
        try:
            with transaction.atomic():
                return Application.objects.create(tracking_number=number, **fields)
        except IntegrityError:
            if Application.objects.filter(tracking_number=number).exists():
                continue  # that number was taken: draw again
            raise
    raise RuntimeError("no free tracking number after 10 draws")


class Throttled(Exception):
    pass


def find(tracking_number, code, address):
    """The application with this number if `code` is its query code, else None (the same for an
    unknown number as for a wrong code); Throttled once the number or the address has had too many
    wrong pairs in the window."""
    tracking_number, code = (tracking_number or "").strip(), (code or "").strip()
    if not throttle.may_track(tracking_number, address):
        raise Throttled()
    application = Application.objects.filter(tracking_number=tracking_number).select_related("case").first() \
        if tracking_number.isascii() and tracking_number.isdigit() else None
    if application is None:
        make_password(code)  # an unknown number costs the time a wrong code does
    if application is None or not check_password(code, application.code_hash):
        throttle.tracking_failed(tracking_number, address)
        return None
    return application

"""Whose document a registration names: the identity look-ups of intake and of the registration page.

A look-up tells a user no more than they may see (DESIGN.md "Parties"; issue 14): that a number is
on record under a different name, never that name, unless the user is a supervisor; what a later
case may pre-fill comes only from cases the user may see, masked as they see it. Every look-up is
written to the access log with what was asked (masked), and volunteers and mediators are held to
CASEDESK_IDENTITY_LOOKUPS_PER_MINUTE new numbers a minute (typing numbers in a loop is enumeration).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from . import access, clock, crypto, roles
from .errors import TooManyLookups
from .identifiers import mask_id_number
from .models import Applicant, Person, StaffIdentity

LOOKUP = "identity_lookup"  # the access log's action
# What the user was told, as the access log keeps it.
NEW, SAME_NAME, OTHER_NAME, OTHER_NAME_SHOWN = "new", "same_name", "other_name", "other_name_shown"
# Where the look-up came from.
REGISTRATION_PAGE, TYPING, API, CORRECTION, PORTAL = "registration_page", "typing", "api", "correction", "portal"
SEEN_SECONDS = 3600  # a number looked up again within the hour is not counted again
OTHER_NAME_MESSAGE = _(
    "This document number is on record under a different name. Check the name and the number against "
    "the document, or ask a supervisor."
)


def too_many_message(limit):
    return _(
        "You have looked up %(limit)d document numbers within a minute, the most allowed: looking up numbers "
        "in a loop would reveal other people's data. Please wait a minute and try again; to register more "
        "workers at once, ask a supervisor."
    ) % {"limit": limit}


@dataclass
class IdentityCheck:
    """What is on record for one applicant's document (position: 1-based, as on the form)."""

    position: int
    typed_name: str
    person: Person | None = None
    staff: list = field(default_factory=list)  # users who recorded this document as their own

    @property
    def other_name(self):
        return self.person is not None and bool(self.typed_name) and self.person.name != self.typed_name


def person_on_record(id_type, id_number):
    """The person holding this document, found through the keyed hash (numbers are encrypted)."""
    if not id_number:
        return None
    return Person.objects.filter(id_type=id_type, id_number_digest=crypto.digest(id_number)).first()


def staff_holding(id_type, id_number):
    """The users who recorded this document as their own."""
    if not id_number:
        return []
    found = StaffIdentity.objects.filter(id_type=id_type, id_number_digest=crypto.digest(id_number))
    return [identity.user for identity in found.select_related("user")]


def check_applicants(actor, applicants, *, where):
    """Look up each applicant's document ({id_type, id_number, name} as intake cleaned them) for
    `actor`: throttled, and logged one access-log row per number. Returns [IdentityCheck]."""
    documented = [(i, a) for i, a in enumerate(applicants, start=1) if a and a.get("id_number")]
    admit(actor, [crypto.digest(a["id_number"]) for _i, a in documented])
    checks = []
    for position, applicant in documented:
        check = IdentityCheck(position, applicant["name"],
                              person_on_record(applicant["id_type"], applicant["id_number"]),
                              staff_holding(applicant["id_type"], applicant["id_number"]))
        log(actor, applicant, answer=_answer(actor, check), where=where)
        checks.append(check)
    return checks


def _answer(actor, check):
    if check.person is None:
        return NEW
    if not check.other_name:
        return SAME_NAME
    return OTHER_NAME_SHOWN if roles.is_supervisor(actor) else OTHER_NAME


def log(actor, asked, *, answer, where):
    access.log_personal_data_access(
        actor, None, LOOKUP, where=where, id_type=asked["id_type"], id_number=mask_id_number(asked["id_number"]),
        name=mask_name(asked.get("name", "")), answer=answer,
    )


def mask_name(name):
    return name[:1] + "*" * (len(name) - 1) if name else ""


def admit(actor, digests):
    """Count `digests` against the actor's look-ups this minute, or refuse them all (TooManyLookups).

    Supervisors, who may see every case, are not held; a number this user looked up within the
    hour is not counted again (a registration is checked, then confirmed)."""
    if roles.is_supervisor(actor):
        return
    limit = settings.CASEDESK_IDENTITY_LOOKUPS_PER_MINUTE
    seen = cache.get_many([_seen_key(actor, d) for d in digests])
    fresh = sorted({d for d in digests if d and _seen_key(actor, d) not in seen})
    if not fresh:
        return
    window = f"casedesk:identity-lookups:{actor.pk}:{int(clock.now().timestamp() // 60)}"
    counted = cache.get(window, 0)
    if counted + len(fresh) > limit:
        raise TooManyLookups(too_many_message(limit))
    cache.set(window, counted + len(fresh), 120)
    cache.set_many({_seen_key(actor, d): True for d in fresh}, SEEN_SECONDS)


def _seen_key(actor, digest):
    return f"casedesk:identity-seen:{actor.pk}:{digest}"


def look_up(actor, asked):
    """One document typed on the registration page ({id_type, id_number, name}): what `actor` may
    know of it (checked, logged and throttled as at registration)."""
    check = check_applicants(actor, [asked], where=TYPING)[0]
    return {
        "prefill": prefill(actor, check.person),
        "other_name": check.other_name,
        "recorded_name": check.person.name if check.other_name and roles.is_supervisor(actor) else "",
        "staff": bool(check.staff),
    }


PREFILLED = ("name", "phone", "address", "bank_account", "job", "employment_form")


def prefill(actor, person):
    """What the latest case of `person` that `actor` may see says of them, masked as the actor sees
    that case ({} when there is none); `masked` names the fields shown masked (not to be copied)."""
    from .access import visible_cases

    if person is None:
        return {}
    latest = (Applicant.objects.filter(person=person, case__in=visible_cases(actor))
              .select_related("case").order_by("-case__submitted_at", "-case_id").first())
    if latest is None:
        return {}
    unmasked = access.sees_unmasked(actor, latest.case)
    if unmasked:
        access.log_personal_data_access(actor, latest.case, "view_case", where=TYPING)
    values = {key: getattr(latest, key) for key in PREFILLED}
    values["phone"] = access.masked_phone(latest.phone, unmasked)
    values["bank_account"] = access.masked_bank_account(latest.bank_account, unmasked)
    values["case"] = latest.case.number
    values["masked"] = [] if unmasked else [key for key in ("phone", "bank_account") if values[key]]
    return values


def record_staff_identity(*, user, id_type, id_number):
    """`user`'s own document: a worker who holds it is flagged at registration and never has `user`
    as mediator. Replaces what the user recorded before."""
    StaffIdentity.objects.update_or_create(user=user, defaults={"id_type": id_type, "id_number": id_number})


def forget_staff_identity(*, user):
    StaffIdentity.objects.filter(user=user).delete()


def staff_identity_shown(user):
    """The user's recorded document, masked (it is shown on a page that anyone at their desk may glance at)."""
    identity = StaffIdentity.objects.filter(user=user).first()
    if identity is None:
        return None
    return {"id_type": identity.get_id_type_display(), "id_number": mask_id_number(identity.id_number)}

"""What a volunteer should know before a registration is saved.

Intake itself links a new case to an open case of the same worker against the same
employer; the desk asks first, so that one dispute is not registered twice by mistake.
It reads the same rules as casedesk.cases.intake (employer by credit code, else by exact
name; people by document), on the data intake.validate() has cleaned.
"""

import hashlib
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from casedesk.cases.choices import OPEN_STATES
from casedesk.cases.models import Case, Employer, Person


@dataclass
class PersonOnRecord:
    position: int  # 1-based row on the form
    typed_name: str
    recorded_name: str


@dataclass
class IntakeWarnings:
    duplicates: list = field(default_factory=list)
    people: list = field(default_factory=list)
    employer: Employer | None = None  # the record that will be reused, when its name differs

    def __bool__(self):
        return bool(self.duplicates or self.people or self.employer)

    def fingerprint(self):
        """Changes whenever the warnings do: a confirmation covers exactly what was shown."""
        text = "|".join([
            ",".join(str(c.pk) for c in self.duplicates),
            ",".join(f"{p.position}:{p.typed_name}:{p.recorded_name}" for p in self.people),
            str(self.employer.pk if self.employer else ""),
        ])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def check(parts):
    """Warnings for a registration whose parts passed intake.validate()."""
    documents = [(a["id_type"], a["id_number"]) for a in parts["applicants"] if a.get("id_number")]
    return IntakeWarnings(
        duplicates=_open_duplicates(parts["employer"], documents),
        people=_people_on_record(parts["applicants"]),
        employer=_employer_on_record(parts["employer"]),
    )


def _employer_q(employer):
    if employer["uscc"]:
        return Q(employer__uscc=employer["uscc"])
    return Q(employer__name=employer["name"], employer__uscc="")


def _open_duplicates(employer, documents):
    if not documents:
        return []
    people = reduce(or_, (Q(applicants__person__id_type=t, applicants__person__id_number=n) for t, n in documents))
    cases = Case.objects.filter(_employer_q(employer), people, status__in=OPEN_STATES)
    return list(cases.distinct().order_by("submitted_at"))


def _people_on_record(applicants):
    found = []
    for position, applicant in enumerate(applicants, start=1):
        if not applicant.get("id_number"):
            continue
        person = Person.objects.filter(id_type=applicant["id_type"], id_number=applicant["id_number"]).first()
        if person and person.name != applicant["name"]:
            found.append(PersonOnRecord(position, applicant["name"], person.name))
    return found


def _employer_on_record(employer):
    if not employer["uscc"]:
        return None
    existing = Employer.objects.filter(uscc=employer["uscc"]).first()
    return existing if existing and existing.name != employer["name"] else None

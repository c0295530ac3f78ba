"""What a volunteer should know before a registration is saved.

Intake itself links a new case to an open case of the same worker against the same
employer; the desk asks first, so that one dispute is not registered twice by mistake.
It asks casedesk.cases.intake the same questions intake asks itself (employer_on_record,
person_on_record, open_cases_of), on the data intake.validate() has cleaned.
"""

import hashlib
from dataclasses import dataclass, field

from casedesk.cases import intake
from casedesk.cases.models import Employer


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
    employer = intake.employer_on_record(parts["employer"])
    return IntakeWarnings(
        duplicates=list(intake.open_cases_of(employer, documents)),
        people=_people_on_record(parts["applicants"]),
        employer=employer if employer and employer.name != parts["employer"]["name"] else None,
    )


def _people_on_record(applicants):
    found = []
    for position, applicant in enumerate(applicants, start=1):
        person = intake.person_on_record(applicant["id_type"], applicant.get("id_number"))
        if person and person.name != applicant["name"]:
            found.append(PersonOnRecord(position, applicant["name"], person.name))
    return found

"""What a volunteer should know before a registration is saved.

Intake itself links a new case to an open case of the same worker against the same
employer; the desk asks first, so that one dispute is not registered twice by mistake.
It asks casedesk.cases the same questions intake asks itself (employer_on_record, the
identity look-ups of casedesk.cases.identities, open_cases_of), on the data intake.validate()
has cleaned, and hands its look-ups to intake so that each number is looked up once a request.

Nothing here tells a user what they may not see: a document on record under a different name
is said to be so, with the recorded name only for a supervisor (whose look-up the access log
keeps like any unmasked view); a case this user may not see is named by its number only.
"""

import hashlib
from dataclasses import dataclass, field

from casedesk.cases import identities, intake, roles
from casedesk.cases.models import Employer


@dataclass
class PersonOnRecord:
    position: int  # 1-based row on the form
    typed_name: str
    recorded_name: str  # empty unless the user may see it (a supervisor)
    person_id: int


@dataclass
class IntakeWarnings:
    duplicates: list = field(default_factory=list)
    people: list = field(default_factory=list)
    staff: list = field(default_factory=list)  # positions of applicants holding a staff member's document
    employer: Employer | None = None  # the record that will be reused, when its name differs
    identities: list = field(default_factory=list)  # the look-ups made, for intake.register_case

    def __bool__(self):
        return bool(self.duplicates or self.people or self.staff or self.employer)

    def fingerprint(self):
        """Changes whenever the warnings do: a confirmation covers exactly what was shown."""
        text = "|".join([
            ",".join(str(c.pk) for c in self.duplicates),
            ",".join(f"{p.position}:{p.typed_name}:{p.person_id}" for p in self.people),
            ",".join(str(n) for n in self.staff),
            str(self.employer.pk if self.employer else ""),
        ])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def confirmed(self, data):
        """The registration `data` with the shown name differences confirmed (the user pressed
        "Register anyway" on exactly these warnings)."""
        for person in self.people:
            data["applicants"][person.position - 1]["name_confirmed"] = True
        return data


def check(user, parts):
    """Warnings for a registration whose parts passed intake.validate(), as `user` may read them."""
    documents = [(a["id_type"], a["id_number"]) for a in parts["applicants"] if a.get("id_number")]
    employer = intake.employer_on_record(parts["employer"])
    looked_up = identities.check_applicants(user, parts["applicants"], where=identities.REGISTRATION_PAGE)
    shows_names = roles.is_supervisor(user)
    return IntakeWarnings(
        duplicates=list(intake.open_cases_of(employer, documents)),
        people=[PersonOnRecord(c.position, c.typed_name, c.person.name if shows_names else "", c.person.pk)
                for c in looked_up if c.other_name],
        staff=[c.position for c in looked_up if c.staff],
        employer=employer if employer and employer.name != parts["employer"]["name"] else None,
        identities=looked_up,
    )

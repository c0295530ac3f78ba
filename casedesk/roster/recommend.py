"""Which mediator to assign a case to: the roster's recommendation, with its reasons.

The candidates are the mediators the case may be assigned to (the assignment's own rule,
casedesk.cases.transition_forms.mediators_for). Those who should not take it today are kept, last,
with the reason: the case's mediator already (at a reassignment), a conflict of interest
(casedesk.cases.conflicts), on leave, at or over their maximum load, not taking court-referred cases
when the court referred it, off the roster. The
others come first: the case's own unit, then a specialty in the case's category, then the lowest
load relative to the mediator's maximum. The supervisor still chooses any mediator the assignment
allows.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casedesk.cases import clock, conflicts, roles
from casedesk.cases.choices import Category
from casedesk.cases.transition_forms import mediators_for

from .models import MediatorProfile
from .services import profile_of, unit_of_mediator, with_load

SAME_UNIT = _("Same unit")
OTHER_UNIT = _("Unit: %(unit)s")
SPECIALTY = _("Specialty: %(category)s")
LOAD = _("Open cases %(load)d/%(max)d")
FULL = _("Full load %(load)d/%(max)d")
ON_LEAVE = _("On leave until %(date)s")
CONFLICT = _("Conflict of interest: %(reason)s")
NO_COURT_CASES = _("Does not take court-referred cases")
CURRENT = _("The case's mediator now")
OFF_ROSTER = _("Not on the roster")
# A date this year as the reasons write it (12月20日, 1月5日: Django's MONTH_DAY_FORMAT pads the month).
MONTH_DAY = pgettext_lazy("date format: month and day", "F j")


@dataclass
class Candidate:
    mediator: object
    unit: object
    profile: MediatorProfile
    load: int
    reasons: list = field(default_factory=list)
    excluded: bool = False
    recommended: bool = False

    @property
    def name(self):
        return roles.full_name(self.mediator)


def _leave_date(day, today):
    return formats.date_format(day, str(MONTH_DAY) if day.year == today.year else "DATE_FORMAT")


def recommend(case, today=None):
    """[Candidate] for `case`: the recommended order, the first one `recommended`, the excluded last."""
    today = today or clock.today()
    conflicted = conflicts.conflicts_for(case)
    candidates = [
        _weigh(case, Candidate(m, unit_of_mediator(m), profile_of(m), m.load), conflicted, today)
        for m in with_load(mediators_for(case)).order_by("first_name", "username")
    ]
    candidates.sort(key=lambda c: (c.excluded, *_rank(case, c)))
    if candidates and not candidates[0].excluded:
        candidates[0].recommended = True
    return candidates


def _rank(case, candidate):
    if candidate.excluded:
        return (0, 0, 0)
    return (candidate.unit.pk != case.unit_id, case.category not in candidate.profile.specialties,
            Fraction(candidate.load, candidate.profile.max_open_cases))


def _weigh(case, candidate, conflicted, today):
    """Its reasons, and whether it is excluded."""
    profile, reasons, against = candidate.profile, candidate.reasons, []
    if candidate.mediator.pk == case.mediator_id:
        against.append(CURRENT)
    if candidate.mediator.pk in conflicted:
        kind, relation = conflicted[candidate.mediator.pk]
        against.append(CONFLICT % {"reason": relation if kind == "relation" else conflicts.MARK_STAFF})
    if not profile.active:
        against.append(OFF_ROSTER)
    if profile.on_leave(today):
        against.append(ON_LEAVE % {"date": _leave_date(profile.on_leave_until, today)})
    if case.is_court_case and not profile.takes_court_cases:
        against.append(NO_COURT_CASES)
    full = candidate.load >= profile.max_open_cases
    if full:
        against.append(FULL % {"load": candidate.load, "max": profile.max_open_cases})
    if candidate.unit.pk == case.unit_id:
        reasons.append(SAME_UNIT)
    else:
        reasons.append(OTHER_UNIT % {"unit": candidate.unit.name})
    if case.category in profile.specialties:
        reasons.append(SPECIALTY % {"category": Category(case.category).label})
    if not full:
        reasons.append(LOAD % {"load": candidate.load, "max": profile.max_open_cases})
    reasons.extend(against)
    candidate.reasons = [str(reason) for reason in reasons]
    candidate.excluded = bool(against)
    return candidate

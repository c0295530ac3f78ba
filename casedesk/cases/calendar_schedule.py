"""A year's official schedule of holidays and working weekend days, as the union loads it (the
supervisors' calendar page, `manage.py load_calendar FILE`), and the open deadlines it moves.

The State Council publishes each next year's schedule around December; until it is loaded a
year counts weekends only and what is counted in it is estimated (casedesk.cases.calendar).
Loading a year, or replacing a loaded one, recomputes every open deadline whose period runs
into that year (an acceptance decision, a mediation period the desk computed; not a date the
parties agreed on in an extension): each change is the audited step "deadline_moved" on its
case, and the case's mediator and the supervisors are told (casedesk.reports.reminders).
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import clock, deadlines, steps
from .choices import Status
from .errors import InvalidData
from .models import CalendarDay, CalendarRevision, CalendarYear, Case
from .signals import announce

FIRST_YEAR, LAST_YEAR = 2000, 2100
SOURCE_MAX = 100
MOVED = deadlines.MOVED


@dataclass(frozen=True)
class Schedule:
    year: int
    source: str
    holidays: tuple  # rest days on weekdays, sorted
    workdays: tuple  # working weekend days, sorted
    published_on: datetime.date | None = None
    weekend_rest_days: tuple = ()  # listed as holidays, but rest days anyway: not stored


@dataclass
class Loaded:
    revision: CalendarRevision
    moves: list = field(default_factory=list)  # [(case, deadline kind, previous due, new due)]


def _day(value, name, index, errors):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.setdefault(f"{name}.{index}", []).append(
            str(_("Not a date: %(value)s (write it as 2027-01-01).") % {"value": str(value)[:40]}))
        return None


def parse(payload) -> Schedule:
    """A Schedule from {"year", "source", "holidays", "workdays", "published_on"?}; InvalidData (with
    every problem found) for a day named twice, a date outside the year, a weekday given as a
    working weekend day, or anything that is not a year, a source and two lists of dates."""
    if not isinstance(payload, dict):
        raise InvalidData(fields={"__all__": [str(_("The schedule must be an object with year, source, "
                                                      "holidays and workdays."))]})
    errors = {}
    year = payload.get("year")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [str(_("Give the year as a number between %(first)d and %(last)d.") % {
            "first": FIRST_YEAR, "last": LAST_YEAR})]
        year = None
    source = payload.get("source")
    if not isinstance(source, str) or not source.strip():
        errors["source"] = [str(_("Name the notice the schedule comes from (its title or number, and date)."))]
    elif len(source.strip()) > SOURCE_MAX:
        errors["source"] = [str(_("At most %(n)d characters.") % {"n": SOURCE_MAX})]
    published_on = payload.get("published_on") or None
    if published_on is not None:
        refused = {}
        published_on = _day(published_on, "published_on", 0, refused)
        if refused:
            errors["published_on"] = refused["published_on.0"]
        elif published_on > clock.today():
            errors["published_on"] = [str(_("The notice's publication date cannot be after today."))]
    lists, seen = {}, {}
    for name in ("holidays", "workdays"):
        values = payload.get(name, [])
        if not isinstance(values, list):
            errors[name] = [str(_("A list of dates, such as [\"2027-01-01\"]."))]
            values = []
        days = []
        for index, value in enumerate(values):
            day = _day(value, name, index, errors)
            if day is None:
                continue
            key = f"{name}.{index}"
            if year is not None and day.year != year:
                errors.setdefault(key, []).append(str(_("%(day)s is not in %(year)d.") % {"day": day, "year": year}))
            if day in seen:
                errors.setdefault(key, []).append(str(_("%(day)s is named twice (also %(other)s).") % {
                    "day": day, "other": seen[day]}))
            else:
                seen[day] = key
            if name == "workdays" and day.weekday() < 5:
                errors.setdefault(key, []).append(str(_(
                    "%(day)s is a weekday: list only the weekend days that are working days.") % {"day": day}))
            days.append(day)
        lists[name] = days
    if errors:
        raise InvalidData(fields=errors)
    holidays = sorted(d for d in lists["holidays"] if d.weekday() < 5)
    weekend = sorted(d for d in lists["holidays"] if d.weekday() >= 5)
    return Schedule(year, source.strip(), tuple(holidays), tuple(sorted(lists["workdays"])), published_on,
                    tuple(weekend))


def already_loaded(year) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).first()


def load(schedule: Schedule, *, actor=None, replace=False) -> Loaded:
    """Write the year's schedule (replacing a loaded one only with `replace`), record the revision,
    and move every open deadline it changes, all in one transaction."""
    with transaction.atomic():
        existing = CalendarYear.objects.select_for_update().filter(year=schedule.year).first()
        if existing and not replace:
            raise InvalidData(fields={"year": [str(_(
                "%(year)d is loaded already (%(source)s). Confirm that this schedule replaces it.") % {
                "year": schedule.year, "source": existing.source})]})
        replaced = _snapshot(existing) if existing else None
        CalendarDay.objects.filter(date__year=schedule.year).delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=d, is_working=False) for d in schedule.holidays]
            + [CalendarDay(date=d, is_working=True) for d in schedule.workdays]
        )
        CalendarYear.objects.update_or_create(year=schedule.year, defaults={"source": schedule.source})
        revision = CalendarRevision.objects.create(
            year=schedule.year, source=schedule.source, published_on=schedule.published_on,
            holidays=[d.isoformat() for d in schedule.holidays], workdays=[d.isoformat() for d in schedule.workdays],
            replaced=replaced, loaded_by=actor,
        )
        moves = recompute(schedule.year, actor=actor, source=schedule.source)
        revision.moved_deadlines = len(moves)
        revision.save(update_fields=["moved_deadlines"])
    return Loaded(revision, moves)


def _snapshot(existing):
    days = CalendarDay.objects.filter(date__year=existing.year).order_by("date")
    return {
        "source": existing.source,
        "holidays": [d.date.isoformat() for d in days if not d.is_working],
        "workdays": [d.date.isoformat() for d in days if d.is_working],
    }


def recompute(year, *, actor=None, source=""):
    """Move every open deadline whose period runs into `year` to what the calendar now gives.

    Each move is one "deadline_moved" event on the case (with the deadline, the previous and the new
    date, the year and the schedule's source), written with the case row locked; the case's flow,
    its timers follow in the same transaction, its people hear of it after the commit."""
    start_of_year, end_of_year = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    # A deadline due before the year began was counted without it (counting only runs forward).
    open_from_year = Q(status=Status.SUBMITTED, acceptance_due__gte=start_of_year) | Q(
        status__in=deadlines.MEDIATION_PENDING, mediation_due__isnull=False, mediation_due__gte=start_of_year)
    candidates = Case.objects.filter(open_from_year).order_by("pk").values_list("pk", flat=True)
    moves = []
    for pk in candidates:
        locked = Case.objects.select_for_update().get(pk=pk)
        for kind, previous, due in _recomputed(locked, start_of_year, end_of_year):
            field_name = "acceptance_due" if kind == deadlines.ACCEPTANCE else "mediation_due"
            setattr(locked, field_name, due)
            locked.save(update_fields=[field_name])
            event = steps.append(locked, MOVED, actor, {
                "deadline": kind, "previous_due": previous, "due": due, "year": year, "source": source,
            })
            announce(locked, MOVED, event.pk, actor.pk if actor else None)
            moves.append((locked, kind, previous, due))
    return moves


def _recomputed(case, start_of_year, end_of_year):
    """[(kind, previous, new)] for each open deadline of the case that counts differently now.

    A submitted court case has two: the decision on acceptance and the court's mediation period."""
    moves = []
    if case.status == Status.SUBMITTED and case.acceptance_due >= start_of_year:
        submitted_on = timezone.localdate(case.submitted_at)
        due = deadlines.acceptance_due(submitted_on)[0]
        if submitted_on <= end_of_year and due != case.acceptance_due:
            moves.append((deadlines.ACCEPTANCE, case.acceptance_due, due))
    mediation = _mediation_recomputed(case, start_of_year, end_of_year)
    if mediation:
        moves.append(mediation)
    return moves


def _mediation_recomputed(case, start_of_year, end_of_year):
    if case.mediation_due is None or case.mediation_due < start_of_year:
        return None
    if not deadlines.set_by_rule(case):
        return None  # mediation over, or a date both parties agreed on: the calendar does not move it
    if case.is_court_case:
        origin = case.court_referral.received_on
    elif case.accepted_on:
        origin = case.accepted_on
    else:
        return None
    if origin > end_of_year:
        return None
    due = deadlines.mediation_due(case, step=deadlines.ACCEPTED, on=origin)
    return (deadlines.MEDIATION, case.mediation_due, due) if due != case.mediation_due else None

"""manage.py load_calendar FILE [--replace] [--user NAME]: load a year's official holiday schedule.

FILE is JSON: {"year": 2027, "source": "国办发明电〔2026〕N号", "holidays": ["2027-01-01", ...],
"workdays": ["2027-02-06", ...]} (holidays: rest days on weekdays; workdays: working weekend days;
"published_on" may give the notice's date). A loaded year is replaced only with --replace.
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from casedesk.cases import calendar_schedule
from casedesk.cases.errors import InvalidData


class Command(BaseCommand):
    help = "Load a year's holiday schedule (JSON) and move the open deadlines it changes."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the schedule as JSON")
        parser.add_argument("--replace", action="store_true", help="replace the year's schedule if it is loaded")
        parser.add_argument("--user", default="", help="the desk user loading it (recorded with the change)")

    def handle(self, *args, file, replace, user, **options):
        try:
            with open(file, encoding="utf-8-sig") as f:
                payload = json.load(f)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{file} is not JSON: {exc}") from None
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {user!r}.")
        try:
            schedule = calendar_schedule.parse(payload)
            existing = calendar_schedule.already_loaded(schedule.year)
            if existing and not replace:
                raise CommandError(
                    f"{schedule.year} is loaded already ({existing.source}). "
                    "Run again with --replace to replace it; every open deadline it changes moves."
                )
            loaded = calendar_schedule.load(schedule, actor=actor, replace=replace)
        except InvalidData as exc:
            lines = [f"  {field}: {' '.join(messages)}" for field, messages in exc.fields.items()]
            raise CommandError("The schedule was not loaded:\n" + "\n".join(lines)) from None
        self._report(schedule, existing, loaded)

    def _report(self, schedule, existing, loaded):
        what = "Replaced" if existing else "Loaded"
        self.stdout.write(
            f"{what} {schedule.year} ({schedule.source}): {len(schedule.holidays)} holidays on weekdays, "
            f"{len(schedule.workdays)} working weekend days."
        )
        if schedule.weekend_rest_days:
            days = ", ".join(d.isoformat() for d in schedule.weekend_rest_days)
            self.stdout.write(f"Not stored (weekend days, rest days anyway): {days}")
        self.stdout.write(f"{len(loaded.moves)} open deadline(s) moved.")
        for case, kind, previous, due in loaded.moves:
            self.stdout.write(f"  {case.number}: {kind} {previous.isoformat()} -> {due.isoformat()}")

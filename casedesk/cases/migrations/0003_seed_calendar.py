"""The official holiday schedule 2004–2026 from the chinese-calendar package, as editable rows."""

from itertools import groupby

from django.db import migrations

from casedesk.cases.calendar import seed_rows


def seed(apps, schema_editor):
    years, days = seed_rows()
    CalendarYear = apps.get_model("cases", "CalendarYear")
    CalendarDay = apps.get_model("cases", "CalendarDay")
    CalendarYear.objects.bulk_create(CalendarYear(year=year, source=source) for year, source in years)
    CalendarDay.objects.bulk_create(CalendarDay(date=d, is_working=working, name=name) for d, working, name in days)


def unseed(apps, schema_editor):
    years, days = seed_rows()
    CalendarDay = apps.get_model("cases", "CalendarDay")
    # One year at a time keeps each IN list far below SQLite's parameter limit.
    for _year, rows in groupby(days, key=lambda row: row[0].year):
        CalendarDay.objects.filter(date__in=[d for d, _working, _name in rows]).delete()
    apps.get_model("cases", "CalendarYear").objects.filter(year__in=[year for year, _source in years]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_groups")]
    operations = [migrations.RunPython(seed, unseed)]

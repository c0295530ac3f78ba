"""Working days: weekends, public holidays and 调休 working weekend days (DOMAIN.md "Working days").

CalendarDay holds only the exceptions to the weekday rule, for the years listed in
CalendarYear. A year not listed counts weekends only, and whatever is computed across
it is flagged as estimated. Each call reads the tables once for the dates it needs and
keeps nothing afterwards, so an edit in the admin counts at once.
"""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from .models import CalendarDay, CalendarYear

ONE_DAY = timedelta(days=1)

# The package's English names (chinese_calendar.constants.Holiday values).
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def covered_years(first_year: int, last_year: int) -> set[int]:
    """The years in [first_year, last_year] whose official schedule is loaded."""
    years = CalendarYear.objects.filter(year__range=(first_year, last_year))
    return set(years.values_list("year", flat=True))


def covers(year: int) -> bool:
    return CalendarYear.objects.filter(year=year).exists()


class _Span:
    """The working-day facts of [first, last], read with one query per table."""

    def __init__(self, first: date, last: date):
        self.first, self.last = first, last
        self.covered = covered_years(first.year, last.year)
        self.exceptions = {}
        if self.covered:
            rows = CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "is_working")
            self.exceptions = {day: working for day, working in rows if day.year in self.covered}

    def is_working(self, day: date) -> bool:
        return self.exceptions.get(day, day.weekday() < 5)

    def estimated_until(self, day: date) -> bool:
        return any(year not in self.covered for year in range(self.first.year, day.year + 1))

    def nth_working_day(self, n: int) -> date | None:
        """The n-th working day counting from `first` itself, or None past `last`."""
        day = self.first
        while day <= self.last:
            if self.is_working(day):
                n -= 1
                if n == 0:
                    return day
            day += ONE_DAY
        return None

    def count_working_days(self) -> int:
        return sum(self.is_working(self.first + timedelta(days=i)) for i in range((self.last - self.first).days + 1))


def _nth_working_day_from(first: date, n: int) -> tuple[date, bool]:
    # Long holidays (春节 up to 9 rest days) rarely outrun the first window; widen if they do.
    days = 2 * n + 21
    while True:
        span = _Span(first, first + timedelta(days=days))
        found = span.nth_working_day(n)
        if found is not None:
            return found, span.estimated_until(found)
        days *= 2


def is_working_day(d: date) -> bool:
    return _Span(d, d).is_working(d)


def add_working_days(start: date, n: int) -> tuple[date, bool]:
    """The n-th working day after `start` (start not counted), and whether it is estimated."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start, not covers(start.year)
    return _nth_working_day_from(start + ONE_DAY, n)


def roll_forward_to_working_day(d: date) -> tuple[date, bool]:
    """`d`, or the next working day if `d` is a rest day, and whether it is estimated."""
    # 民事诉讼法 Art.85: a period whose last day is a holiday ends on the first day after it.
    return _nth_working_day_from(d, 1)


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b`; negative when `b` is before `a`."""
    if b < a:
        return -working_days_between(b, a)
    if b == a:
        return 0
    return _Span(a + ONE_DAY, b).count_working_days()


class WorkingDays:
    """Working-day counts for code that asks many times (a timeline of thousands of events).

    The calendar is read for a window of dates, widened when a question falls outside it, and
    kept as running totals, so each answer is a subtraction. Like the functions above it keeps
    nothing beyond the object's life.
    """

    MARGIN = timedelta(days=60)

    def __init__(self):
        self.first = self.last = None
        self._running = []

    def between(self, a: date, b: date) -> int:
        """As `working_days_between(a, b)`."""
        if b < a:
            return -self.between(b, a)
        if self.first is None or a < self.first or b > self.last:
            self._widen(a, b)
        return self._running[(b - self.first).days] - self._running[(a - self.first).days]

    def _widen(self, a: date, b: date):
        first = min(a, self.first or a)
        first = first - self.MARGIN if first > date.min + self.MARGIN else date.min
        last = max(b, self.last or b)
        last = last + self.MARGIN if last < date.max - self.MARGIN else date.max
        span = _Span(first, last)
        total, running = 0, []
        for i in range((last - first).days + 1):
            total += span.is_working(first + timedelta(days=i))
            running.append(total)
        self.first, self.last, self._running = first, last, running


class Reader:
    """The working-day facts behind several answers about one case (its deadlines).

    The list of loaded years is read once, and each loaded year's exceptions once, when an
    answer first needs them: a case's deadlines cost a query or two however many there are.
    Like the functions above it keeps nothing beyond the object's life.
    """

    def __init__(self):
        self._covered = None
        self._days = {}

    def covers(self, year: int) -> bool:
        if self._covered is None:
            self._covered = set(CalendarYear.objects.values_list("year", flat=True))
        return year in self._covered

    def estimated(self, first: date, last: date) -> bool:
        """Whether a count over [first, last] leaned on a year with no schedule loaded."""
        return any(not self.covers(year) for year in range(first.year, last.year + 1))

    def is_working(self, day: date) -> bool:
        if not self.covers(day.year):
            return day.weekday() < 5
        if day.year not in self._days:
            rows = CalendarDay.objects.filter(date__year=day.year).values_list("date", "is_working")
            self._days[day.year] = dict(rows)
        return self._days[day.year].get(day, day.weekday() < 5)

    def roll_forward(self, day: date) -> tuple[date, bool]:
        """As roll_forward_to_working_day."""
        found = day
        while not self.is_working(found):
            found += ONE_DAY
        return found, self.estimated(day, found)

    def add_working_days(self, start: date, n: int) -> tuple[date, bool]:
        """As add_working_days."""
        if n < 0:
            raise ValueError("n must not be negative")
        found = start
        while n:
            found += ONE_DAY
            n -= self.is_working(found)
        return found, self.estimated(start + ONE_DAY if found > start else start, found)


# The years that came with the desk name this package as their source (seed_rows).
SEED_SOURCE = "chinese-calendar "
SEED_SOURCE_LABEL = _("The State Council's holiday notices, as compiled in %(package)s")


def source_label(source):
    """A year's source as the calendar page names it: a notice as entered, or the package the desk came with."""
    return SEED_SOURCE_LABEL % {"package": source} if source.startswith(SEED_SOURCE) else source


def seed_rows(year_from: int = 2004, year_to: int = 2026):
    """([(year, source)], [(date, is_working, name)]) from the chinese_calendar package.

    Only the exceptions become rows: holidays on weekdays and working weekend days.
    """
    import chinese_calendar
    from chinese_calendar import constants

    def wanted(day):
        return year_from <= day.year <= year_to

    source = f"{SEED_SOURCE}{chinese_calendar.__version__}"
    years = sorted({day.year for day in constants.holidays if wanted(day)})
    rest = [(d, False, name) for d, name in constants.holidays.items() if wanted(d) and d.weekday() < 5]
    work = [(d, True, name) for d, name in constants.workdays.items() if wanted(d) and d.weekday() >= 5]
    days = sorted((d, working, HOLIDAY_NAMES.get(name, name)) for d, working, name in rest + work)
    return [(year, source) for year in years], days

"""The desk's clock: one day for the whole suite, in this thread, in other threads and in subprocesses."""

import datetime
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from casedesk.cases import clock

from ..conftest import NOW

PRINT_TODAY = "from casedesk.cases import clock; print(clock.today().isoformat(), clock.now().isoformat())"


def manage(*args, **env):
    environment = {**os.environ, **env}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_a_manage_py_subprocess_runs_on_the_suites_day():
    result = manage("shell", "--no-imports", "-c", PRINT_TODAY)
    assert result.returncode == 0, result.stderr
    day, moment = result.stdout.split()
    assert day == "2026-11-02" and datetime.datetime.fromisoformat(moment) == NOW


def test_another_thread_such_as_the_live_server_runs_on_the_suites_day():
    seen = []
    thread = threading.Thread(target=lambda: seen.append(clock.now()))
    thread.start()
    thread.join()
    assert seen == [NOW]


def test_frozen_moves_this_thread_only_and_comes_back():
    with clock.frozen(datetime.date(2027, 1, 4)) as moment:
        assert clock.today() == datetime.date(2027, 1, 4) and moment.hour == 10
        other = []
        thread = threading.Thread(target=lambda: other.append(clock.today()))
        thread.start()
        thread.join()
        assert other == [datetime.date(2026, 11, 2)]
    assert clock.now() == NOW


def test_without_the_setting_the_clock_is_the_real_time(settings):
    settings.CASEDESK_CLOCK = ""
    token = clock._frozen.set(None)
    try:
        before = datetime.datetime.now(datetime.timezone.utc)
        assert before <= clock.now() <= datetime.datetime.now(datetime.timezone.utc)
    finally:
        clock._frozen.reset(token)


@pytest.mark.parametrize("value, expected", [
    ("2027-02-09", datetime.datetime(2027, 2, 9, 2, 0, tzinfo=datetime.timezone.utc)),  # a date: 10:00 local
    ("2027-02-09T23:30", datetime.datetime(2027, 2, 9, 15, 30, tzinfo=datetime.timezone.utc)),  # naive: local
    ("2027-02-09T23:30+00:00", datetime.datetime(2027, 2, 9, 23, 30, tzinfo=datetime.timezone.utc)),
])
def test_the_setting_takes_a_date_or_a_moment(settings, value, expected):
    settings.CASEDESK_CLOCK = value
    token = clock._frozen.set(None)
    try:
        assert clock.now() == expected
    finally:
        clock._frozen.reset(token)


def test_a_misspelt_setting_is_a_clear_error(settings):
    settings.CASEDESK_CLOCK = "next tuesday"
    token = clock._frozen.set(None)
    try:
        with pytest.raises(ImproperlyConfigured, match="CASEDESK_CLOCK"):
            clock.now()
    finally:
        clock._frozen.reset(token)


def test_check_deploy_warns_while_the_clock_is_held():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CASEDESK_")}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=settings.BASE_DIR,
                            env={**environment, "CASEDESK_CLOCK": "2026-11-02"}, capture_output=True, text=True,
                            timeout=120)
    assert "cases.W002" in result.stderr
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=settings.BASE_DIR,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert "cases.W002" not in result.stderr

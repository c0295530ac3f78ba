"""Settings read from the environment where one depends on another."""

import os
import subprocess
import sys

from django.conf import settings

SHOW_BASE_URL = "from django.conf import settings; print(settings.CASEDESK_BASE_URL)"


def base_url(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("CASEDESK_BASE_URL", "CASEDESK_BIND")}
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW_BASE_URL],
                            cwd=settings.BASE_DIR, env={**environment, **env}, capture_output=True, text=True,
                            timeout=120, check=True)
    return result.stdout.strip()


def test_the_qr_codes_follow_the_port_make_run_serves_on():
    assert base_url() == "http://127.0.0.1:8000"
    assert base_url(CASEDESK_BIND="127.0.0.1:8123") == "http://127.0.0.1:8123"
    assert base_url(CASEDESK_BIND="127.0.0.1:8123", CASEDESK_BASE_URL="https://desk.example.org/") == \
        "https://desk.example.org"

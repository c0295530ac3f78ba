"""casedesk's settings with django-fsm-log installed: for bench/fsm_log_peer.py only, never the app."""

from casedesk.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "django_fsm_log"]  # noqa: F405

"""Counting what one client address (or one tracking number) sends, in the cache (shared by
gunicorn's workers): applications per hour, wrong tracking number/code pairs per window."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from casedesk.cases import clock

HOUR = 3600


def _key(kind, subject, seconds):
    window = int(clock.now().timestamp() // seconds)
    hashed = hashlib.sha256(str(subject).encode("utf-8")).hexdigest()[:32]
    return f"casedesk:portal:{kind}:{hashed}:{window}"


def _count(key):
    return cache.get(key, 0)


def _add(key, seconds):
    if not cache.add(key, 1, seconds * 2):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, seconds * 2)


# Applying.

def applications_from(address):
    return _count(_key("apply", address, HOUR))


def may_apply(address):
    return applications_from(address) < settings.CASEDESK_PORTAL_APPLICATIONS_PER_HOUR


def applied(address):
    _add(_key("apply", address, HOUR), HOUR)


# Tracking: wrong pairs per tracking number (whether or not it exists) and per address.

def _track_seconds():
    return max(settings.CASEDESK_PORTAL_TRACK_WINDOW_MINUTES, 1) * 60


def may_track(number, address):
    seconds, limit = _track_seconds(), settings.CASEDESK_PORTAL_TRACK_FAILURES
    return (_count(_key("track-number", number, seconds)) < limit
            and _count(_key("track-address", address, seconds)) < limit)


def tracking_failures_from(address):
    return _count(_key("track-address", address, _track_seconds()))


def tracking_failed(number, address):
    seconds = _track_seconds()
    _add(_key("track-number", number, seconds), seconds)
    _add(_key("track-address", address, seconds), seconds)

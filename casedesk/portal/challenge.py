"""After a burst, a challenge: once an address has sent CASEDESK_PORTAL_APPLY_CHALLENGE_AFTER applications
within the hour (or CASEDESK_PORTAL_TRACK_CHALLENGE_AFTER wrong tracking pairs within the tracking window),
its next /apply/ (or /track/) asks for the characters of a picture first, below the hard limits that
answer 429 (casedesk.portal.throttle).

The picture comes from django-simple-captcha: drawn by Pillow with the font the package ships, served
from the desk's own /captcha/ URLs (nothing from elsewhere: the CSP holds), each answered once.
"""

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import throttle


def field():
    return CaptchaField(label=_("Characters in the picture"), error_messages={
        "invalid": _("The characters do not match the picture. Please type the characters of the new picture."),
        "required": _("Type the characters you see in the picture."),
        "incomplete": _("Type the characters you see in the picture."),
    })


class ChallengeForm(forms.Form):
    """The challenge alone, for /track/."""

    captcha = field()


def due_to_apply(address):
    after = settings.CASEDESK_PORTAL_APPLY_CHALLENGE_AFTER
    return after > 0 and throttle.applications_from(address) >= after


def due_to_track(address):
    after = settings.CASEDESK_PORTAL_TRACK_CHALLENGE_AFTER
    return after > 0 and throttle.tracking_failures_from(address) >= after

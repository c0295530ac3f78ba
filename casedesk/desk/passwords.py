"""Password rules (AUTH_PASSWORD_VALIDATORS) beyond Django's own."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with a message that is translated: Django 5.2 changed the msgid of "too short" to
    "%d" while its zh_Hans catalog still translates the "%(min_length)d" one, so users saw English."""

    def get_error_message(self):
        return _("This password is too short: it must have at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }

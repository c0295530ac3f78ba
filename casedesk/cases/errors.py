"""The distinct ways a request to change a case can be refused, each with the HTTP status that
answers it: the API's JSON error and the desk's pages (the form again, with the reason) alike."""

from django.utils.translation import gettext_lazy as _


class CaseError(Exception):
    code = "error"
    http_status = 400
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, fields=None):
        self.message = message or self.default_message
        self.fields = fields or {}
        super().__init__(str(self.message))


class UnknownTransition(CaseError):
    code = "unknown_transition"
    default_message = _("There is no such action.")


class TransitionNotAllowed(CaseError):
    """Not available from the case's current state (it may have just changed)."""

    code = "wrong_state"
    http_status = 409
    default_message = _("This action is not available in the case's current state.")


class NotPermitted(CaseError):
    code = "not_permitted"
    http_status = 403
    default_message = _("You may not take this action on this case.")


class InvalidData(CaseError):
    """Bad data; `fields` maps a field path such as "applicants.0.id_number" to its messages."""

    code = "invalid"
    default_message = _("Please correct the errors below.")


class TooManyLookups(CaseError):
    """Too many identity look-ups by one user in a minute (casedesk.cases.identities): 429."""

    code = "throttled"
    http_status = 429
    default_message = _("Too many document numbers looked up in a minute.")

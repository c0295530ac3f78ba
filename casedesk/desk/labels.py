"""The desk's own sentences around the vocabulary (casedesk.cases.labels holds the names of things)."""

from django.utils.translation import gettext_lazy as _

DONE = _("%(action)s: done.")
CHOOSE_MEDIATOR = _("Choose a mediator")
NO_INSTALMENT = _("Not said (counts against the earliest unpaid)")
INSTALMENT_CHOICE = _("Instalment %(n)s: %(amount)s due %(due)s")
RECOVERED_SO_FAR = _("Amount recovered: the payments recorded so far")
# The return visit's button once the worker was visited: a visit more (a complaint, money still missing).
ANOTHER_VISIT = _("Record another return visit")

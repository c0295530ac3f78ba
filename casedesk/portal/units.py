"""Which union unit an online application goes to (README "The online application").

Every unit of the tree takes applications: each one either numbers cases with its own 字号 (a
county federation) or is a service station that numbers with the unit above it, and each is a place
a worker can walk into. The case is registered in the unit the worker chose as nearest, so that
unit's mediators, and the supervisors of it and above it, find it (casedesk.cases.access). With one
unit there is nothing to choose and the question is not asked.
"""

from casedesk.units.models import Unit


def taking_applications():
    """The units a worker may choose from, the tree's order (a county, then its stations)."""
    return Unit.objects.order_by("path")


def several():
    return taking_applications()[:2].count() > 1


def only():
    """The one unit when there is nothing to choose (the root unit of a single-unit desk)."""
    return taking_applications().first()

"""Where a case may be transferred (转办/派单): the one rule the transfer step's validation, the case
page's form and `GET /api/units/` ask.

- down: any unit in the sending supervisor's subtree (their own unit and every unit below it);
- up: any unit above the case's unit;
- across: a unit that agreed to receive transfers from the case's unit (a TransferAgreement), or a
  unit below it: an agreement between two counties covers their stations on both sides, since it
  holds for a case of its `from_unit` or of any unit below it.

Never the case's own unit.
"""

from .models import Unit
from .tree import subtree


def _above(unit):
    return Unit.objects.filter(pk__in=unit.ancestor_ids())


def _agreed(senders):
    """The units and their subtrees that agreed to receive transfers from any of `senders`."""
    allowed = Unit.objects.none()
    for receiver in Unit.objects.filter(transfer_agreements_received__from_unit__in=senders).distinct():
        allowed |= subtree(receiver)
    return allowed


def destinations(sender_unit, case_unit=None):
    """The units a supervisor working in `sender_unit` may send a case of `case_unit` to; without a
    case, every unit some case they may transfer (one of their subtree) could go to."""
    if case_unit is None:
        senders = subtree(sender_unit) | _above(sender_unit)
        return (subtree(sender_unit) | _above(sender_unit) | _agreed(senders)).order_by("path")
    allowed = subtree(sender_unit) | _above(case_unit) | _agreed(_above(case_unit))
    return allowed.exclude(pk=case_unit.pk).order_by("path")


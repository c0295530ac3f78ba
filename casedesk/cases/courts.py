"""A court's referral (CourtReferral): the union registers one case per court case number.

Court numbers are typed with full-width brackets （2026） or ASCII ones (2026) alike; both are the same
number, so each is looked up both ways."""

from django.utils.translation import gettext_lazy as _

from .models import Case

HALF_TO_FULL = str.maketrans("()", "（）")
FULL_TO_HALF = str.maketrans("（）", "()")


def number_variants(number):
    """`number` as typed, with full-width brackets and with ASCII ones."""
    number = number.strip()
    return {number, number.translate(HALF_TO_FULL), number.translate(FULL_TO_HALF)}


def case_holding(number, *, excluding=None):
    """The case registered under the court case `number` (other than `excluding`), or None."""
    held = Case.objects.filter(court_referral__court_case_number__in=number_variants(number))
    if excluding is not None:
        held = held.exclude(pk=excluding.pk)
    return held.only("number").order_by("pk").first()


def number_taken_message(case):
    return _("The court's case number is already registered as the union's case %(number)s: check the number; "
             "the same dispute is handled on that case.") % {"number": case.number}

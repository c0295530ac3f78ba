"""Document numbers: per numbering unit, kind and year, gap-free, 〔2026〕某工调协字第0001号."""

from casedesk.cases import sequences
from casedesk.units import tree

from .kinds import NUMBER_CODES
from .models import GeneratedDocument


def format_number(kind, year, serial, prefix):
    # The unit's prefix (某工调字) with the kind's character before its 字: 某工调协字.
    stem = prefix[:-1] if prefix.endswith("字") else prefix
    return f"〔{year}〕{stem}{NUMBER_CODES[kind]}字第{serial:04d}号"


def scope(kind):
    """Each kind of document is numbered on its own (casedesk.cases.sequences)."""
    return f"document:{kind}"


def number_for(case, kind, year):
    """(year, serial, number, version) for the next version of `case`'s document of `kind`.

    The first version draws a new serial in the sequence of the case's unit's numbering unit (a
    station numbers with its county), with that unit's prefix; later versions keep the document's
    number. The caller holds the case's row lock, so versions cannot race.
    """
    latest = GeneratedDocument.objects.filter(case=case, kind=kind).order_by("-version").first()
    if latest is not None:
        return latest.year, latest.serial, latest.number, latest.version + 1
    numbering = tree.numbering_unit(case.unit)
    serial = sequences.next_serial(scope(kind), year, numbering)
    return year, serial, format_number(kind, year, serial, tree.number_prefix(numbering)), 1

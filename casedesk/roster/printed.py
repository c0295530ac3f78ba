"""The roster as pages show it: mediators grouped by unit with their forms, the log in words, and the
unit's printed roster (a Chinese PDF through the documents' renderer: name, unit, specialties, title,
whether they take court-referred cases; never a phone or ID number)."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from casedesk.cases import clock, roles
from casedesk.cases.choices import Category
from casedesk.documents import pdf
from casedesk.web import formatting

from . import services
from .forms import ProfileForm
from .models import MediatorProfile

YES, NO = _("Yes"), _("No")


def specialty_labels(codes):
    return [str(Category(code).label) for code in codes if code in Category.values]


def shown(field, stored):
    """A logged value (services.stored) in words."""
    if stored == "":
        return "—"
    if field == "specialties":
        return "、".join(specialty_labels(stored.split(",")))
    if field in ("takes_court_cases", "active"):
        return str(YES if stored == "1" else NO)
    if field == "on_leave_until":
        return formatting.chinese_date(date.fromisoformat(stored))
    return stored


def logged(change):
    return {"change": change, "field": MediatorProfile._meta.get_field(change.field).verbose_name,
            "old": shown(change.field, change.old), "new": shown(change.field, change.new)}


def _rows(unit):
    for mediator in services.mediators_under(unit):
        profile = services.profile_of(mediator)
        yield services.unit_of_mediator(mediator), mediator, profile


def groups(unit, failed=None):
    """[(unit, [row])] for the roster page, units in tree order; `failed` a profile form sent back."""
    by_unit = {}
    for where, mediator, profile in _rows(unit):
        form = failed if failed is not None and failed.prefix == f"p{mediator.pk}" else ProfileForm(profile=profile)
        by_unit.setdefault(where, []).append({
            "mediator": mediator, "name": roles.full_name(mediator), "profile": profile, "form": form,
            "load": mediator.load, "specialties": specialty_labels(profile.specialties),
            "on_leave": profile.on_leave(clock.today()),
        })
    return sorted(by_unit.items(), key=lambda item: item[0].path)


def roster_pdf(unit):
    """The published roster of `unit` and the units below it: the mediators on the roster."""
    rows = [
        {"name": roles.full_name(mediator), "unit": where.name, "specialties": "、".join(
            specialty_labels(profile.specialties)), "title": profile.public_title,
         "court": YES if profile.takes_court_cases else NO}
        for where, mediator, profile in sorted(_rows(unit), key=lambda r: r[0].path)
        if profile.active
    ]
    return pdf.render("roster/print.html", {
        "org_name": unit.name, "seal_text": unit.printed_seal, "unit": unit, "rows": rows,
        "generated_on": clock.today(),
    }).data

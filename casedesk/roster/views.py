"""The roster pages (supervisors): the mediators of their unit and below it, each profile's form, the
log of changes, and each unit's printed roster. A unit or mediator outside the supervisor's subtree
is 404; anyone but a supervisor gets the desk's 403."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casedesk.units import tree
from casedesk.web import formatting
from casedesk.web.permissions import supervisor_required

from . import printed, services
from .forms import ProfileForm

LOG_ROWS = 100


@supervisor_required
def roster(request):
    return _page(request)


@supervisor_required
@require_POST
def edit_profile(request, mediator_id):
    mediator = get_object_or_404(services.mediators_under(tree.unit_of(request.user)), pk=mediator_id)
    form = ProfileForm(request.POST, profile=services.profile_of(mediator))
    if not form.is_valid():
        return _page(request, failed=form, status=400)
    changes = services.update_profile(actor=request.user, mediator=mediator, data=form.cleaned_data)
    if changes:
        messages.success(request, _("The roster is updated (%(n)d changes recorded).") % {"n": len(changes)})
    else:
        messages.info(request, _("Nothing changed."))
    return redirect(f"{reverse('roster:index')}#mediator-{mediator.pk}")


@supervisor_required
def print_roster(request, unit_id):
    unit = get_object_or_404(tree.subtree(tree.unit_of(request.user)), pk=unit_id)
    response = HttpResponse(printed.roster_pdf(unit), content_type="application/pdf")
    name = formatting.file_name(_("Mediator roster of %(unit)s") % {"unit": unit.name}, ".pdf")
    return formatting.attachment(response, name, inline=True)


def _page(request, failed=None, status=200):
    unit = tree.unit_of(request.user)
    return render(request, "roster/roster.html", {
        "unit": unit,
        "groups": printed.groups(unit, failed=failed),
        "log": [printed.logged(change) for change in services.changes_under(unit)[:LOG_ROWS]],
        "form_errors": failed is not None,
    }, status=status)

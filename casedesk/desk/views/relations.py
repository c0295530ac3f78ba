"""Conflicts of interest: a mediator declares their relations with employers, a supervisor records
one for any mediator; each declaration and withdrawal is logged (casedesk.cases.conflicts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casedesk.cases import conflicts, roles
from casedesk.cases.errors import CaseError

from .errors import forbidden

LOG_ROWS = 100


def _may_use(user):
    return roles.is_mediator(user) or roles.is_supervisor(user)


@login_required
def relations(request):
    if not _may_use(request.user):
        return forbidden(request)
    form = conflicts.DeclarationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except CaseError as exc:
            for name, errors in (exc.fields or {"__all__": [str(exc.message)]}).items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The relation is recorded: the assignment will not offer this mediator "
                                        "for that employer's cases."))
            return redirect("desk:relations")
    return render(request, "desk/relations.html", {
        "form": form, "declarations": conflicts.declarations_for(request.user),
        "log": conflicts.log_for(request.user)[:LOG_ROWS], "supervisor": roles.is_supervisor(request.user),
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def withdraw_relation(request, relation_id):
    if not _may_use(request.user):
        return forbidden(request)
    declared = get_object_or_404(conflicts.declarations_for(request.user), pk=relation_id)
    conflicts.withdraw(actor=request.user, declared=declared, note=request.POST.get("note", "").strip()[:500])
    messages.success(request, _("The relation is withdrawn."))
    return redirect("desk:relations")

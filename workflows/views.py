"""Task views: parse, call a service (the transition service, or the step service for a step that
moves no state), then let the flow go on with activation.execute(). No view here sets a case's state.

A refused action answers the task page again, the reason on top (or next to the fields for bad
data), with the refusal's status: 400, 403 or 409, as on the case page and in the API. The task
stays open and nothing changed."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from casedesk.cases import conflicts, steps, transitions
from casedesk.cases.errors import CaseError, InvalidData, NotPermitted

MISSED_DEADLINES = {
    "acceptance": _("The decision on acceptance is overdue."),
    "mediation": _("Mediation has run past its deadline."),
    "confirmation_application": _("The time to apply for judicial confirmation has passed."),
}
WEB_SKIPS = ("instalments", "shares")  # lists (instalments, each worker's share) are entered on the case page


def case_page(case):
    return reverse("desk:case", args=[case.pk])


def own_fields(form_class, post):
    return {key: value for key, value in post.items() if key in form_class.base_fields}


def render_task(request, case, actions, status=200, refusal=None):
    task = request.activation.task
    missed = MISSED_DEADLINES.get(task.data.get("deadline"))
    context = {"case": case, "task": task, "actions": actions, "missed": missed, "refusal": refusal}
    return render(request, "workflows/task.html", context, status=status)


class CaseTaskView(View):
    """A task done by one of its transitions: one form for each that this user may take now."""

    def get(self, request, **kwargs):
        return self.show(request, request.activation.process.current_case())

    def post(self, request, **kwargs):
        case, name = request.activation.process.current_case(), request.POST.get("transition")
        if name not in request.activation.flow_task.done_by:  # not an action this task stands for
            return self.show(request, case, refusal=NotPermitted())
        data = own_fields(transitions.form_class(name), request.POST)
        try:
            transitions.perform(case, name, request.user, **data)
        except InvalidData as exc:
            return self.show(request, case, failed=(name, data), status=exc.http_status)
        except CaseError as refusal:
            return self.show(request, case, refusal=refusal)
        request.activation.execute()
        return redirect(case_page(case))

    def choices(self, request, case):
        allowed = transitions.available_transitions(case, request.user)
        return [name for name in request.activation.flow_task.done_by if name in allowed]

    def show(self, request, case, failed=(None, None), status=200, refusal=None):
        actions = []
        for name in self.choices(request, case):
            form_class = transitions.form_class(name)
            form = form_class(failed[1] if failed[0] == name else None, case=case, auto_id=f"id_{name}_%s")
            for skipped in WEB_SKIPS:
                form.fields.pop(skipped, None)
            if "mediator" in form.fields:
                conflicts.mark_choices(form.fields["mediator"], case)
            if form.is_bound:
                form.is_valid()  # the same errors the service gave
            actions.append({"name": name, "label": transitions.declaration(name).button, "form": form})
        if refusal is not None:
            status = refusal.http_status
        return render_task(request, case, actions, status, refusal=refusal and refusal.message)


class StepView(View):
    """A task done by taking a step of casedesk.cases.steps (an audit event), with no change of state."""

    step = ""

    def get(self, request, **kwargs):
        case = request.activation.process.current_case()
        return self.show(request, case, steps.step(self.step).form(case=case))

    def post(self, request, **kwargs):
        case, declared = request.activation.process.current_case(), steps.step(self.step)
        data = own_fields(declared.form, request.POST)
        try:
            steps.record(case, self.step, request.user, **data)
        except InvalidData as exc:
            form = declared.form(data, case=case)
            form.is_valid()  # the same errors the service gave
            return self.show(request, case, form, status=exc.http_status)
        except CaseError as refusal:
            return self.show(request, case, declared.form(data, case=case), refusal=refusal)
        request.activation.execute()
        return redirect(case_page(case))

    def show(self, request, case, form, status=200, refusal=None):
        actions = [{"name": "", "label": steps.step(self.step).button, "form": form}]
        if refusal is not None:
            status = refusal.http_status
        return render_task(request, case, actions, status, refusal=refusal and refusal.message)

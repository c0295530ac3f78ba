"""Task views: parse, call a service (the transition service, or a step that moves no state),
then let the flow go on with activation.execute(). No view here sets a case's state."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from casedesk.cases import transitions
from casedesk.cases.errors import InvalidData, NotPermitted, TransitionNotAllowed
from casedesk.cases.transition_forms import FORMS

from . import steps

ACTION_LABELS = {
    "accept": _("Accept the case"), "reject": _("Do not accept"), "assign": _("Assign"),
    "withdraw": _("Record the withdrawal"), "reach_agreement": _("Record the agreement"),
    "record_failure": _("Record that mediation failed"), "apply_confirmation": _("Record the application"),
    "court_confirm": _("The court confirmed"), "court_reject": _("The court did not confirm"),
    "close": _("Close the case"), "archive": _("Archive"), "reopen": _("Reopen"),
}
MISSED_DEADLINES = {
    "acceptance": _("The decision on acceptance is overdue."),
    "mediation": _("Mediation has run past its deadline."),
    "confirmation_application": _("The time to apply for judicial confirmation has passed."),
}
WEB_SKIPS = ("instalments",)  # a list of instalments is entered on the case page, not here


def case_page(case):
    return reverse("desk:case", args=[case.pk])


def render_task(request, case, actions, status=200):
    task = request.activation.task
    missed = MISSED_DEADLINES.get(task.data.get("deadline"))
    context = {"case": case, "task": task, "actions": actions, "missed": missed}
    return render(request, "workflows/task.html", context, status=status)


class CaseTaskView(View):
    """A task done by one of its transitions: one form for each that this user may take now."""

    def get(self, request, **kwargs):
        return self.show(request, request.activation.process.current_case())

    def post(self, request, **kwargs):
        case, name = request.activation.process.current_case(), request.POST.get("transition")
        if name not in self.choices(request, case):
            raise PermissionDenied
        data = {key: value for key, value in request.POST.items() if key in FORMS[name].base_fields}
        try:
            transitions.perform(case, name, request.user, **data)
        except InvalidData:
            return self.show(request, case, failed=(name, data), status=400)
        except (TransitionNotAllowed, NotPermitted) as refusal:
            messages.error(request, refusal.message)
            return redirect(case_page(case))
        request.activation.execute()
        return redirect(case_page(case))

    def choices(self, request, case):
        allowed = transitions.available_transitions(case, request.user)
        return [name for name in request.activation.flow_task.done_by if name in allowed]

    def show(self, request, case, failed=(None, None), status=200):
        actions = []
        for name in self.choices(request, case):
            form = FORMS[name](failed[1] if failed[0] == name else None, case=case, auto_id=f"id_{name}_%s")
            for skipped in WEB_SKIPS:
                form.fields.pop(skipped, None)
            if form.is_bound:
                form.is_valid()  # the same errors the service gave
            actions.append({"name": name, "label": ACTION_LABELS.get(name, name), "form": form})
        return render_task(request, case, actions, status)


class StepView(View):
    """A task done by recording what was done (an audit event), with no change of state."""

    form_class = None
    action = ""
    label = _("Done")

    def get(self, request, **kwargs):
        return self.show(request, self.form_class())

    def post(self, request, **kwargs):
        form, case = self.form_class(request.POST), request.activation.process.current_case()
        if not form.is_valid():
            return self.show(request, form, status=400)
        try:
            steps.record_step(case, actor=request.user, action=self.action, data=form.cleaned_data)
        except NotPermitted:
            raise PermissionDenied from None
        request.activation.execute()
        return redirect(case_page(case))

    def show(self, request, form, status=200):
        actions = [{"name": "", "label": self.label, "form": form}]
        return render_task(request, request.activation.process.current_case(), actions, status)

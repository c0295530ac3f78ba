"""The roster's forms: a mediator's profile, and the recommendation shown on the assignment and
reassignment forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casedesk.cases import clock
from casedesk.cases.choices import Category
from casedesk.cases.forms_base import check_not_too_far_ahead, text_field
from casedesk.web.pages import adapt_widgets

from . import recommend
from .models import MAX_OPEN_CASES_LIMIT
from .services import FIELDS

RECOMMENDED = _("%(name)s (recommended)")


class ProfileForm(forms.Form):
    specialties = forms.MultipleChoiceField(label=_("specialties"), choices=Category.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    languages = text_field(100, required=False, label=_("languages and dialects"))
    takes_court_cases = forms.BooleanField(label=_("takes court-referred cases"), required=False)
    max_open_cases = forms.IntegerField(label=_("maximum open cases"), min_value=1, max_value=MAX_OPEN_CASES_LIMIT)
    on_leave_until = forms.DateField(label=_("on leave until"), required=False)
    public_title = text_field(50, required=False, label=_("title or profession (printed)"))
    active = forms.BooleanField(label=_("on the roster"), required=False)

    def __init__(self, data=None, *, profile, **kwargs):
        initial = {name: getattr(profile, name) for name in FIELDS}
        super().__init__(data, initial=initial, prefix=f"p{profile.user_id}", **kwargs)
        adapt_widgets(self)

    def clean_on_leave_until(self):
        until = self.cleaned_data["on_leave_until"]
        if until is not None and until != self.initial.get("on_leave_until"):
            if until < clock.today():
                raise forms.ValidationError(_("The end of the leave cannot be in the past."))
            check_not_too_far_ahead(until, _("The end of the leave"))
        return until


def show_recommendation(form, case):
    """On an assignment (or reassignment) form: the roster's candidates with their reasons (`form.recommendation`), the
    recommended mediator chosen in the drop-down and marked in its label."""
    candidates = recommend.recommend(case)
    form.recommendation = candidates
    chosen = next((c.mediator.pk for c in candidates if c.recommended), None)
    if chosen is None:
        return form
    if not form.is_bound:
        form.fields["mediator"].initial = chosen
    field = form.fields["mediator"]
    named = field.label_from_instance

    def label(user):
        return RECOMMENDED % {"name": named(user)} if user.pk == chosen else named(user)

    field.label_from_instance = label
    return form

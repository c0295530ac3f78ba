"""What a person records when they finish a step that moves no state (see workflows.steps)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casedesk.cases.forms_base import check_past_date, text_field

NOTE_MAX = 2000
DATE = forms.DateInput(attrs={"type": "date"})


class EvidenceForm(forms.Form):
    note = text_field(NOTE_MAX, label=_("evidence gathered"), widget=forms.Textarea(attrs={"rows": 4}))


class SessionForm(forms.Form):
    scheduled_for = forms.DateTimeField(
        label=_("session date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = text_field(200, label=_("place"))
    note = text_field(NOTE_MAX, required=False, label=_("note"), widget=forms.Textarea(attrs={"rows": 2}))


class EmployerNoticeForm(forms.Form):
    MEANS = [("phone", _("By phone")), ("letter", _("By letter")), ("visit", _("In person")), ("other", _("Other"))]

    notified_on = forms.DateField(label=_("notified on"), widget=DATE)
    means = forms.ChoiceField(label=_("how"), choices=MEANS)
    note = text_field(NOTE_MAX, required=False, label=_("note"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_notified_on(self):
        check_past_date(self.cleaned_data["notified_on"], _("The notification date"))
        return self.cleaned_data["notified_on"]


class CourtFeedbackForm(forms.Form):
    sent_on = forms.DateField(label=_("sent to the court on"), widget=DATE)
    note = text_field(NOTE_MAX, label=_("feedback (letter number, content)"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_sent_on(self):
        check_past_date(self.cleaned_data["sent_on"], _("The date sent"))
        return self.cleaned_data["sent_on"]


class OverdueReviewForm(forms.Form):
    note = text_field(NOTE_MAX, label=_("what was done about it"), widget=forms.Textarea(attrs={"rows": 3}))

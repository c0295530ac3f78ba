"""A domain form shown on a desk page: pickers for dates and times, what was typed, and the
service's errors put back next to each field. The page's forms never validate on their own:
the service (which takes the same dict as the API) does, once."""

from django import forms
from django.forms.utils import ErrorDict, ErrorList


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def adapt_widgets(form):
    """Date and time pickers, text areas for long text, number pads for counts: presentation only."""
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            field.widget = datetime_input()
        elif isinstance(field, forms.DateField):
            field.widget = date_input()
        elif isinstance(field, forms.IntegerField):
            field.widget.attrs.update({"inputmode": "numeric"})
        elif isinstance(field, forms.CharField) and (field.max_length or 0) >= 500:
            field.widget = forms.Textarea(attrs={"rows": 3, "maxlength": field.max_length})
    return form


def on_page(form):
    """`form` made ready for a page: its widgets adapted; if bound, its errors left to the service."""
    adapt_widgets(form)
    if form.is_bound:
        form._errors = ErrorDict()
    return form


def typed(form):
    """What was typed into `form`, as the service's dict (blank fields left out)."""
    values = {}
    for name in form.fields:
        value = form[name].data
        if value not in (None, ""):
            values[name] = value.strip() if isinstance(value, str) else value
    return values


def put_error(form, name, messages):
    key = name if name in form.fields else "__all__"
    form._errors.setdefault(key, ErrorList()).extend(messages)

"""A domain form shown on a desk page: pickers for dates and times, what was typed, and the
service's errors put back next to each field. The page's forms never validate on their own:
the service (which takes the same dict as the API) does, once."""

from django import forms
from django.forms.utils import ErrorDict, ErrorList


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


LONG_TEXT = 500  # a text field this long or longer is a text area


def adapt_widgets(form):
    """Date and time pickers, text areas for long text, number pads for counts and amounts, and a
    length counter instead of `maxlength`: presentation only (adapt_widget, for each field)."""
    for field in form.fields.values():
        adapt_widget(field)
    return form


def adapt_widget(field):
    """The page's control for `field`. A browser's `maxlength` cuts pasted text silently; the page
    counts instead (static/js/forms.js) and the service refuses, in words, what is too long, keeping
    every character that was typed."""
    if isinstance(field, forms.DateTimeField):
        field.widget = datetime_input()
    elif isinstance(field, forms.DateField):
        field.widget = date_input()
    elif isinstance(field, forms.DecimalField):  # before IntegerField, its base class
        # Text, not type=number: a browser sends a number box holding "五千元" as empty, and the
        # row it was typed in would be lost; as text it reaches the service, which says what is wrong.
        attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("step", "min", "max")}
        field.widget = forms.TextInput(attrs={**attrs, "inputmode": "decimal"})
    elif isinstance(field, forms.IntegerField):
        field.widget.attrs.update({"inputmode": "numeric"})
    elif isinstance(field, forms.CharField) and (field.max_length or 0) >= LONG_TEXT:
        if not isinstance(field.widget, (forms.Textarea, forms.HiddenInput)):
            field.widget = forms.Textarea(attrs={"rows": 3, **field.widget.attrs})
    if isinstance(field, forms.CharField):
        count_instead_of_cut(field)
    return field


def count_instead_of_cut(field):
    """No `maxlength` on the field's widget (it truncates pasted text): `data-maxlength` for the counter."""
    attrs = field.widget.attrs
    attrs.pop("maxlength", None)
    attrs.pop("minlength", None)
    if field.max_length and not isinstance(field.widget, (forms.HiddenInput, forms.Select)):
        attrs["data-maxlength"] = str(field.max_length)
    return field


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

"""OpenAPI request shapes derived from the domain's forms, never kept by hand beside them.

The API validates nothing itself: the forms of casedesk.cases do, through the services. These
serializers only describe, in the schema, what those forms take (types, limits, choices).
"""

from django import forms
from rest_framework import serializers

from casedesk.cases import transitions
from casedesk.cases.forms_base import ConsentField
from casedesk.cases.intake_forms import ApplicantForm
from casedesk.cases.step_forms import NewApplicantField
from casedesk.cases.transition_forms import InstalmentForm, InstalmentsField, ShareForm, SharesField


def field_for(form_field, *, required):
    """The serializer field that describes `form_field`."""
    common = {"required": required, "help_text": str(form_field.label or "") or None}
    if isinstance(form_field, InstalmentsField):
        return serializers.ListField(child=serializer_for(InstalmentForm, "InstalmentInput")(), max_length=60,
                                     **common)
    if isinstance(form_field, SharesField):
        return serializers.ListField(child=serializer_for(ShareForm, "ShareInput")(), max_length=500, **common)
    if isinstance(form_field, NewApplicantField):
        return serializer_for(ApplicantForm, "NewApplicantInput")(**common)
    if isinstance(form_field, forms.ModelChoiceField):
        return serializers.IntegerField(**{**common, "help_text": f"{common['help_text'] or ''} (id)".strip()})
    if isinstance(form_field, (ConsentField, forms.BooleanField)):
        return serializers.BooleanField(**common)
    if isinstance(form_field, forms.DateTimeField):
        return serializers.DateTimeField(**common)
    if isinstance(form_field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(form_field, forms.IntegerField):
        return serializers.IntegerField(min_value=form_field.min_value, max_value=form_field.max_value, **common)
    if isinstance(form_field, forms.DecimalField):
        return serializers.DecimalField(max_digits=form_field.max_digits, decimal_places=form_field.decimal_places,
                                        min_value=form_field.min_value, max_value=form_field.max_value, **common)
    if isinstance(form_field, forms.ChoiceField):
        return serializers.ChoiceField(choices=form_field.choices, **common)
    if isinstance(form_field, forms.CharField):
        return serializers.CharField(max_length=form_field.max_length, allow_blank=not form_field.required, **common)
    raise TypeError(f"No schema for form field {type(form_field).__name__}")


def serializer_for(form_class, name):
    fields = {key: field_for(field, required=field.required) for key, field in form_class.base_fields.items()}
    return type(name, (serializers.Serializer,), fields)


def described(form_field):
    """What the schema says of a form field: its type and limits, for comparing two forms' fields."""
    field = field_for(form_field, required=False)
    return (type(field).__name__, getattr(field, "max_length", None), getattr(field, "max_digits", None),
            tuple(getattr(field, "choices", {}) or ()))


def transition_input():
    """One body shape for every transition: the fields of all transition forms, each optional here
    (which apply depends on the transition named in the path). Two forms that share a field name
    must agree on what it takes, else the schema could not say it once."""
    merged, seen = {}, {}
    for declaration in transitions.declarations().values():
        for key, field in declaration.form.base_fields.items():
            if key in seen and described(seen[key]) != described(field):
                raise TypeError(f"Transition forms disagree on the field {key!r}")
            seen.setdefault(key, field)
    for key, field in seen.items():
        merged[key] = field_for(field, required=False)
    doc = "The data of a transition; which keys apply depends on the transition (see DESIGN.md)."
    return type("TransitionInput", (serializers.Serializer,), {**merged, "__doc__": doc})

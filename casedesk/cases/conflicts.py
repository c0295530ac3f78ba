"""Conflicts of interest: who may not mediate a case, and the declarations that say so.

A mediator declares a relation with an employer (or a supervisor records one for them) on the
relations page; each declaration and withdrawal is logged in RelationDeclaration, an append-only
table like the access log (the declarations belong to no case's chain). The assignment refuses a
mediator with a relation to the case's employer, and a mediator whose own identity document (as
they recorded it, StaffIdentity) is an applicant's: the worker is that colleague.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casedesk.units import tree

from . import roles
from .errors import InvalidData, NotPermitted
from .forms_base import IdentifierField, NameField, StrictForm, UserChoiceField, text_field
from .identifiers import uscc_error
from .models import Applicant, Employer, MediatorRelation, RelationDeclaration, StaffIdentity

RELATION_REASON = _("This mediator declared a relation with the employer (%(relation)s) and cannot mediate this case.")
STAFF_REASON = _("This mediator's own identity document is an applicant's: they cannot mediate this case.")
MARK = _("%(name)s (conflict of interest: %(reason)s)")
MARK_STAFF = _("an applicant's document is theirs")


def conflicts_for(case):
    """{mediator's user id: why they cannot mediate `case`} (relations first, then staff identities)."""
    found = {user_id: ("staff", "") for _person_id, user_id in _staff_matches(case)}
    for user_id, relation in MediatorRelation.objects.filter(employer_id=case.employer_id).values_list(
            "mediator_id", "relation"):
        found[user_id] = ("relation", relation)
    return found


def staff_applicants(case):
    """The ids of `case`'s people who hold a document a member of staff recorded as their own."""
    return {person_id for person_id, _user_id in _staff_matches(case)}


def _staff_matches(case):
    """(person id, user id) for each applicant of `case` whose document a user recorded as their own; read
    once per case object (the case page asks for the assignment form and for the applicants' marks)."""
    found = case.__dict__.get("_staff_matches")
    if found is None:
        found = case.__dict__["_staff_matches"] = _read_staff_matches(case)
    return found


def _read_staff_matches(case):
    people = Applicant.objects.filter(case=case).exclude(person__id_number_digest="").values_list(
        "person_id", "person__id_type", "person__id_number_digest")
    holders = {}
    for person_id, id_type, digest in people:
        holders.setdefault((id_type, digest), []).append(person_id)
    staff = StaffIdentity.objects.filter(id_number_digest__in=[digest for _type, digest in holders]).values_list(
        "id_type", "id_number_digest", "user_id")
    return [(person_id, user_id) for id_type, digest, user_id in staff for person_id in holders.get((id_type, digest), [])]


def reason_against(case, mediator):
    """Why `mediator` may not mediate `case` (a message), or None."""
    kind, relation = conflicts_for(case).get(mediator.pk, (None, ""))
    if kind == "relation":
        return RELATION_REASON % {"relation": relation}
    if kind == "staff":
        return STAFF_REASON
    return None


def mark_choices(field, case):
    """Label conflicted mediators in an assignment drop-down (choosing one is still refused, with the reason)."""
    marked = conflicts_for(case)

    def label(user):
        name = roles.full_name(user)
        if user.pk not in marked:
            return name
        kind, relation = marked[user.pk]
        return MARK % {"name": name, "reason": relation if kind == "relation" else MARK_STAFF}

    field.label_from_instance = label


def _kept_by(actor, field="mediator"):
    """The one rule for whose relations `actor` keeps, as a filter on the rows whose mediator is `field`
    ("": users themselves): a supervisor those of the mediators of their unit and of the units below it
    (casedesk.units), anyone else their own."""
    if roles.is_supervisor(actor):
        return tree.members_q(tree.unit_of(actor), field)
    return Q(**{field: actor}) if field else Q(pk=actor.pk)


def may_record_for(actor, mediator):
    """A mediator declares their own relations; a supervisor records those of the mediators they keep."""
    if not (roles.is_supervisor(actor) or roles.is_mediator(actor)):
        return False
    return get_user_model().objects.filter(_kept_by(actor, ""), pk=mediator.pk).exists()


def declare(*, actor, mediator, employer, relation):
    """Record that `mediator` has `relation` with `employer` (an Employer on record); logged."""
    if not may_record_for(actor, mediator) or not roles.is_mediator(mediator):
        raise NotPermitted()
    with transaction.atomic():
        if MediatorRelation.objects.filter(mediator=mediator, employer=employer).exists():
            raise InvalidData(fields={"employer": [str(_("A relation with this employer is declared already."))]})
        declared = MediatorRelation.objects.create(mediator=mediator, employer=employer, relation=relation)
        RelationDeclaration.objects.create(action=RelationDeclaration.DECLARED, mediator=mediator, employer=employer,
                                           relation=relation, recorded_by=actor)
    return declared


def withdraw(*, actor, declared, note):
    """The relation has ended (or was declared by mistake): the assignment rule no longer reads it; logged."""
    if not may_record_for(actor, declared.mediator):
        raise NotPermitted()
    with transaction.atomic():
        RelationDeclaration.objects.create(
            action=RelationDeclaration.WITHDRAWN, mediator=declared.mediator, employer=declared.employer,
            relation=declared.relation, note=note, recorded_by=actor,
        )
        declared.delete()


def employer_for_declaration(name, uscc):
    """The employer a declaration names: on record by credit code (else by exact name), or recorded now."""
    from .intake import employer_on_record

    found = employer_on_record({"name": name, "uscc": uscc})
    if found is not None:
        return found
    return Employer.objects.get_or_create(name=name, uscc=uscc)[0]


class DeclarationForm(StrictForm):
    """A relation with an employer: named by its credit code (or, without one, its exact name)."""

    mediator = UserChoiceField(label=_("mediator"), queryset=None, required=False)
    employer_name = NameField(200, label=_("employer name"))
    employer_uscc = IdentifierField(label=_("unified social credit code"), max_length=18, required=False)
    relation = text_field(200, label=_("relation (for example: spouse works there as head of HR)"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["mediator"].queryset = roles.mediators().filter(_kept_by(actor, "")).order_by(
            "first_name", "username")
        self.fields["mediator"].error_messages["invalid_choice"] = _("Choose an active mediator.")
        if not roles.is_supervisor(actor):
            del self.fields["mediator"]  # a mediator declares their own

    def clean_employer_uscc(self):
        value = self.cleaned_data.get("employer_uscc", "")
        if value and (error := uscc_error(value)):
            raise forms.ValidationError(error)
        return value

    def clean(self):
        data = super().clean()
        if "mediator" in self.fields and not data.get("mediator") and "mediator" not in self.errors:
            self.add_error("mediator", _("Choose the mediator whose relation this is."))
        return data

    def save(self):
        data = self.cleaned_data
        mediator = data.get("mediator") or self.actor
        employer = employer_for_declaration(data["employer_name"], data["employer_uscc"])
        return declare(actor=self.actor, mediator=mediator, employer=employer, relation=data["relation"])


def declarations_for(actor):
    """The relations `actor` may see: a supervisor those of their unit's mediators and of the units below
    it, a mediator their own."""
    relations = MediatorRelation.objects.select_related("mediator", "employer").order_by("employer__name", "id")
    return relations.filter(_kept_by(actor))


def log_for(actor):
    """The declarations and withdrawals `actor` may read (as declarations_for), newest first."""
    return RelationDeclaration.objects.select_related("mediator", "employer", "recorded_by").filter(_kept_by(actor))

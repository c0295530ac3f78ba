"""Reading the personal-data access log: who saw unmasked data or exported it, when, and which case.

Rows are written by casedesk.cases.access.log_personal_data_access and can never be changed
(database triggers, casedesk.cases.triggers); this module only reads them, for supervisors.
"""

import json
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casedesk.cases import date_range, labels
from casedesk.cases.errors import InvalidData
from casedesk.cases.models import Case, PersonalDataAccess
from casedesk.units import tree

FILTERS = ("user", "case", "action", "from", "to")
FILTER_LABELS = {
    "user": _("User"), "case": _("Case number"), "action": _("Action"), "from": _("From date"), "to": _("To date"),
}
MAX_TEXT = 40  # a case number or an action name is never longer


DETAIL_LABELS = {
    "format": _("Format"), "count": _("Number of cases"), "document": _("Document"), "year": _("Year"),
    "filters": _("Filters"), "job": _("Report job"), "fields": _("Fields"),
    # an identity look-up at registration (casedesk.cases.identities): what was asked, masked, and told
    "where": pgettext_lazy("access log: where a look-up came from", "From"), "id_type": _("Document type looked up"),
    "id_number": pgettext_lazy("access log: an identity document's", "Document number"), "name": _("Name typed"),
    "answer": _("What the user was told"),
    "records": _("Number of records"), "consultation": _("Consultation"),
}
HIDDEN_DETAILS = ("case_ids", "consultation_ids")  # an export may list thousands: the count says it, the case filter finds them

# An export row names its cases in detail["case_ids"], not in its case column.
_MENTIONS_CASE = {
    "postgresql": "(cases_personaldataaccess.detail -> 'case_ids') @> %s::jsonb",
    "sqlite": "EXISTS (SELECT 1 FROM json_each(cases_personaldataaccess.detail, '$.case_ids') AS c "
              "WHERE c.value = %s)",
}


@dataclass(frozen=True)
class Filters:
    user: int | None = None
    case: str = ""
    case_id: int | None = None  # the case `case` names (case_typed)
    action: str = ""
    first: object = None
    last: object = None


def action_label(action):
    return labels.ACCESS_ACTIONS.get(action, action)


def parse_filters(params):
    """The filters in `params` (a query dict); InvalidData names each one that is wrong."""
    errors, values = {}, {}
    raw_user = _text(params, "user")
    if raw_user:
        if raw_user.isascii() and raw_user.isdigit() and len(raw_user) <= 10:
            values["user"] = int(raw_user)
        else:
            errors["user"] = [str(_("Choose a user from the list."))]
    for name in ("case", "action"):
        value = _text(params, name)
        if "\x00" in value:  # PostgreSQL refuses NUL in text; nobody types it
            errors[name] = [str(_("The search text contains a character that is not allowed."))]
        elif len(value) > MAX_TEXT:
            errors[name] = [str(_("At most %(n)s characters.") % {"n": MAX_TEXT})]
        else:
            values[name] = value
    if values.get("case"):
        values["case_id"], error = case_typed(values["case"])
        if error:
            errors["case"] = [str(error)]
    try:
        days = date_range.parse(params)
        values.update(first=days.first, last=days.last)
    except InvalidData as exc:
        errors.update(exc.fields)
    if errors:
        raise InvalidData(fields=errors)
    return Filters(**values)


def _text(params, name):
    value = params.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def entries(filters, viewer):
    """The log rows that match `filters`, newest first: those of the users of `viewer`'s unit and of
    every unit below it (a supervisor audits their own staff)."""
    rows = PersonalDataAccess.objects.select_related("user", "case").order_by("-at", "-id")
    rows = rows.filter(tree.members_q(tree.unit_of(viewer), "user"))
    if filters.user is not None:
        rows = rows.filter(user_id=filters.user)
    if filters.action:
        rows = rows.filter(action=filters.action)
    rows = rows.filter(date_range.DateRange(filters.first, filters.last).within("at"))
    if filters.case_id is not None:
        rows = _about_case(rows, filters.case_id)
    return rows


# A case number as people type it when the brackets are hard to type: 48, 0048, 2026-48, (2026)第48号.
_SERIAL, _YEAR_AND_SERIAL = re.compile(r"\D*(\d{1,6})\D*"), re.compile(r"\D*(\d{4})\D+(\d{1,6})\D*")
SEVERAL_SHOWN = 5


def case_typed(text):
    """(the id of the case `text` names, None), or (None, why not): the whole case number, or its
    serial with or without its year. The filter found nothing unless 〔2026〕某工调字第0048号 was typed
    whole, brackets and all, and said nothing: a supervisor could read that no one had opened the case."""
    found = list(Case.objects.filter(number=text).values_list("pk", "number")[:1])
    if not found:
        whole, short = _YEAR_AND_SERIAL.fullmatch(text), _SERIAL.fullmatch(text)
        cases = Case.objects.none()
        if whole:
            year, serial = whole.groups()
            cases = Case.objects.filter(number__startswith=f"〔{year}〕", number__endswith=f"第{int(serial):04d}号")
        elif short:
            cases = Case.objects.filter(number__endswith=f"第{int(short.group(1)):04d}号")
        found = list(cases.order_by("-submitted_at", "-pk").values_list("pk", "number")[:SEVERAL_SHOWN + 1])
    if not found:
        return None, _("No case has the number %(typed)s.") % {"typed": text}
    if len(found) > 1:
        numbers = "、".join(number for _pk, number in found[:SEVERAL_SHOWN])
        return None, _("%(typed)s may be any of %(numbers)s: type the whole case number.") % {
            "typed": text, "numbers": numbers + ("…" if len(found) > SEVERAL_SHOWN else "")}
    return found[0][0], None


def _about_case(rows, case_id):
    param = json.dumps([case_id]) if connection.vendor == "postgresql" else case_id
    mentions = RawSQL(_MENTIONS_CASE[connection.vendor], [param], output_field=BooleanField())
    return rows.annotate(mentions_case=mentions).filter(Q(case_id=case_id) | Q(mentions_case=True))


def user_choices(viewer):
    """The people of `viewer`'s unit and the units below it, for the page's user filter: whoever may appear
    in the log they read. (Asking the log who is in it read a million rows for a list of fifty names.)"""
    return get_user_model().objects.filter(tree.members_q(tree.unit_of(viewer), "")).order_by("username")


def action_choices():
    """(action, label) for every action the log records (labels.ACCESS_ACTIONS, the one list)."""
    return list(labels.ACCESS_ACTIONS.items())


def detail_items(row, document_numbers=None):
    """The row's detail as (label, text) pairs for the page."""
    items = []
    for key, value in row.detail.items():
        if key in HIDDEN_DETAILS:
            continue
        if key == "document" and document_numbers and value in document_numbers:
            value = document_numbers[value]
        elif key in labels.LOOKUP_DETAILS:
            value = labels.LOOKUP_DETAILS[key].get(value, value)
        elif isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items()) or "—"
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        items.append((DETAIL_LABELS.get(key, key), value))
    return items


def document_numbers(rows):
    """{document id: its number} for the downloads among `rows` (one query)."""
    from casedesk.documents.models import GeneratedDocument

    ids = {r.detail.get("document") for r in rows if isinstance(r.detail.get("document"), int)}
    return dict(GeneratedDocument.objects.filter(pk__in=ids).values_list("pk", "number")) if ids else {}


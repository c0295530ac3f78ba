"""How an audit event reads: its label, and each fact of its data as "label: value" in words, for
the case page, the timeline page and its CSV, and the PDFs. Codes never reach the reader: a user
id reads as the person's name, a state as its name, None as "—".
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from casedesk.cases import labels
from casedesk.web.formatting import chinese_date, desk_datetime, yuan

NOTHING = "—"
YES, NO = _("yes"), _("no")
LIST_SEPARATOR = "、"
PART_SEPARATOR = "；"


@dataclass(frozen=True)
class EventText:
    label: str
    from_state: str
    to_state: str
    moved: bool
    details: list  # [(label, text)]


def user_names(events):
    """{user id: name} for every user an event names (its actor aside), in one query."""
    ids = set()
    for event in events:
        for key, value in (event.data or {}).items():
            shown = labels.DATA_KEYS.get(key, labels.DataKey("", "text")).shown
            if shown == "user" and isinstance(value, int):
                ids.add(value)
            elif shown == "previous" and isinstance(value, dict) and isinstance(value.get("mediator"), int):
                ids.add(value["mediator"])
    users = get_user_model().objects.filter(pk__in=ids)
    return {user.pk: user.get_full_name() or user.username for user in users}


def describe(events):
    """[EventText] for `events`, in their order."""
    events = list(events)
    names = user_names(events)
    referrals = referral_kinds(events)
    return [text_of(event, names, referrals.get(event.case_id, "")) for event in events]


def referral_kinds(events):
    """{case id: referral kind} for the cases whose court letter an event names (one query, if any)."""
    from casedesk.cases.models import CourtReferral

    ids = {e.case_id for e in events if e.action == "document" and (e.data or {}).get("kind") == "court_feedback"}
    if not ids:
        return {}
    return dict(CourtReferral.objects.filter(case_id__in=ids).values_list("case_id", "kind"))


def text_of(event, names, referral=""):
    return EventText(
        label=str(labels.event_label(event.action)),
        from_state=str(labels.state_label(event.from_state)),
        to_state=str(labels.state_label(event.to_state)),
        moved=bool(event.from_state) and event.from_state != event.to_state,
        details=details(event.data or {}, names, referral),
    )


def details(data, names, referral=""):
    """[(label, text)] for the facts of an event's data, declared keys in their declared order."""
    rows = []
    known = [key for key in labels.DATA_KEYS if key in data]
    for key in known:
        declared = labels.DATA_KEYS[key]
        if declared.shown == "hidden" or data[key] in (None, "", [], {}):
            continue
        if declared.shown == "document_kind":
            rows.append((str(declared.label), str(labels.document_name(data[key], referral=referral))))
            continue
        rows.append((str(declared.label), value_text(declared.shown, data[key], names)))
    for key in sorted(set(data) - set(labels.DATA_KEYS)):
        if data[key] not in (None, "", [], {}):
            rows.append((str(labels.OTHER_DETAIL), value_text("text", data[key], names)))
    return rows


def value_text(shown, value, names):
    if value is None or value == "":
        return NOTHING
    if shown in labels.CODES:
        return str(labels.CODES[shown].get(value, labels.OTHER_DETAIL))
    formatter = FORMATTERS.get(shown)
    if formatter:
        return formatter(value, names)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value_text("text", v, names) for v in value)
    if isinstance(value, dict):
        return PART_SEPARATOR.join(value_text("text", v, names) for v in value.values())
    if isinstance(value, bool):
        return str(YES if value else NO)
    return str(value)


def _date(value, names):
    try:
        return chinese_date(datetime.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _datetime(value, names):
    try:
        return desk_datetime(datetime.datetime.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _money(value, names):
    return yuan(value) or str(value)


def _user(value, names):
    return names.get(value, str(_("a former user"))) if isinstance(value, int) else str(value)


def _bool(value, names):
    return str(YES if value in (True, "true", "True", 1) else NO)


def _count(value, names):
    return str(value)


def _list(value, names):
    items = value if isinstance(value, list) else [value]
    return LIST_SEPARATOR.join(str(v) for v in items) or NOTHING


def _instalments(value, names):
    if not isinstance(value, list):
        return str(value)
    return PART_SEPARATOR.join(
        f"{_date(i.get('due_on'), names)} {_money(i.get('amount'), names)}" for i in value if isinstance(i, dict)
    )


def _shares(value, names):
    """Each worker's share of an agreement: 申请人1 ¥1,000.00；申请人2 …"""
    if not isinstance(value, list):
        return str(value)
    return PART_SEPARATOR.join(
        f"{labels.APPLICANT_NUMBER % {'n': i.get('applicant')}} {_money(i.get('amount'), names)}"
        for i in value if isinstance(i, dict)
    )


def _corrected(value, names):
    """A corrected value as it reads: an employment form or a date in words; text (masked already) as it is."""
    forms = labels.CODES["employment_form"]
    if isinstance(value, str) and value in forms:
        return str(forms[value])
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        return _date(value, names)
    return str(value)


def _previous(value, names):
    """What a reopened case was before: its outcome, the amount recovered, its mediator."""
    if not isinstance(value, dict):
        return str(value)
    parts = []
    if value.get("outcome"):
        parts.append(value_text("outcome", value["outcome"], names))
    if value.get("recovered_amount") not in (None, ""):
        parts.append(f"{labels.DATA_KEYS['recovered_amount'].label} {_money(value['recovered_amount'], names)}")
    if value.get("mediator") is not None:
        parts.append(f"{labels.DATA_KEYS['mediator'].label} {_user(value['mediator'], names)}")
    return PART_SEPARATOR.join(parts) or NOTHING


FORMATTERS = {
    "date": _date, "datetime": _datetime, "money": _money, "user": _user, "bool": _bool, "count": _count,
    "list": _list, "instalments": _instalments, "shares": _shares, "previous": _previous, "corrected": _corrected,
}

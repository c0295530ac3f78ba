"""Bad input battery: what people type (and what scripts send) that the desk must refuse or keep
exactly, through the JSON API and the web forms alike.

Every refused input answers 400 (API: the JSON error shape, the field named, a Chinese message;
web: the page again with the Chinese message next to the field), saves nothing, and is never a
server error. Decisions, also in DESIGN.md terms:
- Full-width digits (and spaces, zero-width marks) in ID, phone and credit-code numbers are
  normalised, then checked, check digit included: a volunteer copying from a phone expects
  "３３０１０２…" to be the same number.
- Invisible characters (zero-width space/joiner, BOM, word joiner, bidi marks) are stripped
  from names; a name left empty is refused as empty. Control characters (NUL included) are
  refused everywhere: PostgreSQL cannot store NUL in text.
- A person's name with emoji or other symbols is refused: it is not a legal name. Rare CJK
  characters outside GB2312 (𠇔, Extension B, four bytes in UTF-8) are accepted, stored and shown.
- HTML and script in free text are stored verbatim and shown escaped on every page.
- Dates: impossible dates, dates before 1950 or in the future where the fact has already
  happened, and future dates more than ten years ahead, are refused.
- Amounts: more than two decimals, negative, NaN, Infinity, 1e400, more than 12 digits: refused.
"""

import collections
import copy
import json
import re
import subprocess

import pytest
from django.conf import settings
from django.test import Client

from casedesk.cases import steps, transitions
from casedesk.cases.models import Case, Person
from casedesk.documents import storage
from casedesk.documents.models import GeneratedDocument

from ..conftest import id_number, put_at, registration_body, unchanged
from ..desk.conftest import field_error, registration_post

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
TRIED = collections.Counter()  # category -> inputs tried; printed after the module (bad_input_figures)
SCRIPT = '<script>alert("x")</script>'
RARE_NAME = "𠇔建国"  # U+201D4, CJK Extension B: outside GB2312 and the BMP
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def set_path(body, path, value):
    """body with `path` ("applicants.0.name") set to `value`; a copy."""
    body = copy.deepcopy(body)
    put_at(body, path, value)
    return body


# Messages this change added; their Chinese is in the translations the lead merges into locale/
# (until then they arrive in English). Any other message must already be Chinese.
PENDING_TRANSLATION = (
    "Expected text or a number, not true or false.",
    "Remove the control characters",
    "A name cannot contain emoji",
    "A name must contain letters",
    "years ahead; please check the year.",
)


def is_chinese(message):
    return bool(CHINESE.search(message)) or any(part in message for part in PENDING_TRANSLATION)


def assert_refused(response, field):
    """400 in the one error shape, naming `field`, with a Chinese message."""
    assert response.status_code == 400, (response.status_code, response.content[:400])
    body = json.loads(response.content)
    assert set(body) == {"error", "detail", "fields"}, body
    assert field in body["fields"], (field, body["fields"])
    for message in body["fields"][field]:
        assert is_chinese(message), message
    return body


# Registration through the API: one bad value at a time in an otherwise valid body

NAME = "applicants.0.name"
BAD_REGISTRATIONS = {
    # oversized fields
    "summary longer than 5000": ("summary", "案" * 5001, "summary"),
    "name longer than 100": (NAME, "张" * 101, NAME),
    "employer name longer than 200": ("employer.name", "某" * 201, "employer.name"),
    "address longer than 200": ("employer.address", "路" * 201, "employer.address"),
    "contact name longer than 100": ("employer.contact_name", "刘" * 101, "employer.contact_name"),
    "claim description longer than 500": ("claims.0.description", "资" * 501, "claims.0.description"),
    "document number longer than 40": ("applicants.0.id_number", "1" * 41, "applicants.0.id_number"),
    "phone longer than 20": ("applicants.0.phone", "1" * 21, "applicants.0.phone"),
    # wrong JSON types
    "applicants as a string": ("applicants", "张三", "applicants"),
    "applicants as an object": ("applicants", {"name": "张三"}, "applicants"),
    "applicants null": ("applicants", None, "applicants"),
    "an applicant as a string": ("applicants.0", "张三", "applicants.0"),
    "an applicant as a list": ("applicants.0", ["张三"], "applicants.0"),
    "employer as a list": ("employer", [], "employer"),
    "employer null": ("employer", None, "employer"),
    "employer as a string": ("employer", "某某公司", "employer"),
    "claims as a string": ("claims", "18600", "claims"),
    "claims as an object": ("claims", {"kind": "wage"}, "claims"),
    "summary as a list": ("summary", ["拖欠工资"], "summary"),
    "summary as an object": ("summary", {"text": "拖欠工资"}, "summary"),
    "summary null": ("summary", None, "summary"),
    "name as a number": (NAME, 12345, NAME),
    "name as a bool": (NAME, True, NAME),
    "name as a list": (NAME, ["张三"], NAME),
    "channel as a bool": ("channel", True, "channel"),
    "channel as a number": ("channel", 1, "channel"),
    "date as a number": ("dispute_started_on", 20261008, "dispute_started_on"),
    "date as a list": ("dispute_started_on", ["2026-10-08"], "dispute_started_on"),
    "amount as a bool": ("claims.0.amount", True, "claims.0.amount"),
    "amount as a list": ("claims.0.amount", [18600], "claims.0.amount"),
    "amount as an object": ("claims.0.amount", {"value": 18600}, "claims.0.amount"),
    "amount null": ("claims.0.amount", None, "claims.0.amount"),
    "employment form as a number": ("applicants.0.employment_form", 0, "applicants.0.employment_form"),
    "court referral as a list for a court case": None,  # below, needs the channel too
    # unicode edge cases
    "emoji in a name": (NAME, "张三😀", NAME),
    "a name that is only an emoji": (NAME, "👷", NAME),
    "a flag in a name": (NAME, "李🇨🇳", NAME),
    "a name that is only zero-width spaces": (NAME, "\u200b\u200b", NAME),
    "a name of digits only": (NAME, "12345", NAME),
    "a bell character in a name": (NAME, "张\x07三", NAME),
    "a NUL in a name": (NAME, "张\x00三", NAME),
    "a NUL in the summary": ("summary", "拖欠\x00工资", "summary"),
    "a NUL in the employer name": ("employer.name", "某某\x00公司", "employer.name"),
    "a NUL in an ID number": ("applicants.0.id_number", "\x00", "applicants.0.id_number"),
    "a NUL in a phone": ("applicants.0.phone", "138\x0000138000", "applicants.0.phone"),
    "a NUL in a claim description": ("claims.0.description", "\x00", "claims.0.description"),
    "a NUL in a date": ("dispute_started_on", "2026-10-08\x00", "dispute_started_on"),
    "a NUL in a choice": ("channel", "walk_in\x00", "channel"),
    "a private-use character in a name": (NAME, "张\ue000三", NAME),
    "emoji in the employer name": ("employer.name", "某某😀有限公司", "employer.name"),
    "emoji in the contact name": ("employer.contact_name", "刘😀", "employer.contact_name"),
    "full-width ID with a wrong check digit": (
        "applicants.0.id_number", (id_number(1)[:17] + ("0" if id_number(1)[17] != "0" else "1")).translate(FULL_WIDTH),
        "applicants.0.id_number"),
    "ID with a zero-width space and a wrong check digit": (
        "applicants.0.id_number", id_number(1)[:9] + "\u200b" + id_number(1)[9:17] + "Y", "applicants.0.id_number"),
    "Arabic-Indic digits in an ID number": (
        "applicants.0.id_number", id_number(1)[:17].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) + "0",
        "applicants.0.id_number"),
    "full-width letters in a phone": ("applicants.0.phone", "１３８ＡＢ０１３８０００", "applicants.0.phone"),
    # dates out of range
    "year 0001": ("dispute_started_on", "0001-01-01", "dispute_started_on"),
    "year 9999": ("dispute_started_on", "9999-12-31", "dispute_started_on"),
    "year 10000": ("dispute_started_on", "10000-01-01", "dispute_started_on"),
    "30 February": ("dispute_started_on", "2026-02-30", "dispute_started_on"),
    "tomorrow for a dispute that has started": ("dispute_started_on", "2026-11-03", "dispute_started_on"),
    "1949 for a dispute": ("dispute_started_on", "1949-12-31", "dispute_started_on"),
    "employment ended in the future": ("employment_ended_on", "2027-01-01", "employment_ended_on"),
    "a date with a time": ("dispute_started_on", "2026-10-08T10:00:00", "dispute_started_on"),
    "a date in words": ("dispute_started_on", "yesterday", "dispute_started_on"),
    # amounts
    "three decimals": ("claims.0.amount", "18600.005", "claims.0.amount"),
    "negative": ("claims.0.amount", "-1.00", "claims.0.amount"),
    "negative as a number": ("claims.0.amount", -18600, "claims.0.amount"),
    "NaN": ("claims.0.amount", "NaN", "claims.0.amount"),
    "Infinity": ("claims.0.amount", "Infinity", "claims.0.amount"),
    "-Infinity": ("claims.0.amount", "-Infinity", "claims.0.amount"),
    "1e400 as text": ("claims.0.amount", "1e400", "claims.0.amount"),
    "a huge integer": ("claims.0.amount", 10 ** 30, "claims.0.amount"),
    "a huge integer as text": ("claims.0.amount", "9" * 400, "claims.0.amount"),
    "13 digits": ("claims.0.amount", "10000000000.00", "claims.0.amount"),
    "a float with binary noise": ("claims.0.amount", 0.1 + 0.2, "claims.0.amount"),
    "thousands separators": ("claims.0.amount", "18,600.00", "claims.0.amount"),
    "a currency sign": ("claims.0.amount", "¥18600", "claims.0.amount"),
    "an empty amount": ("claims.0.amount", "", "claims.0.amount"),
}
BAD_REGISTRATIONS = {k: v for k, v in BAD_REGISTRATIONS.items() if v is not None}


@pytest.mark.parametrize("label", BAD_REGISTRATIONS)
def test_a_bad_registration_value_is_refused_naming_the_field_and_nothing_is_saved(api, volunteer, label):
    path, value, field = BAD_REGISTRATIONS[label]
    with unchanged():
        response = api(volunteer).post("/api/cases/", set_path(registration_body(), path, value), format="json")
        TRIED["API registration values"] += 1
        assert_refused(response, field)


RAW_NUMBERS = {
    "1e400": "1e400", "-1e400": "-1e400", "NaN literal": "NaN", "Infinity literal": "Infinity",
    "a 400-digit number": "9" * 400, "a number with 400 decimals": "1." + "1" * 400,
}


@pytest.mark.parametrize("label", RAW_NUMBERS)
def test_a_json_number_out_of_range_is_refused(api, volunteer, label):
    """Numbers JSON can write but no amount can be: as they come over the wire, not via json.dumps."""
    text = json.dumps(registration_body()).replace('"18600.00"', RAW_NUMBERS[label])
    with unchanged():
        response = api(volunteer).post("/api/cases/", text, content_type="application/json")
        TRIED["API raw JSON numbers"] += 1
        assert response.status_code == 400, response.content[:300]
        assert json.loads(response.content)["error"] in ("invalid", "malformed")


@pytest.mark.parametrize("text", [
    '{"summary": "\\ud800"}', '{"\\udfff": 1}', '{"applicants": [{"name": "\\ud83d"}]}',
], ids=["lone high surrogate", "lone low surrogate as a key", "half an emoji in a name"])
def test_a_lone_surrogate_is_refused_as_malformed(api, volunteer, text):
    """JSON can escape half a UTF-16 pair; no database can store it."""
    with unchanged():
        response = api(volunteer).post("/api/cases/", text, content_type="application/json")
        TRIED["API raw JSON strings"] += 1
        assert response.status_code == 400, response.content[:300]


def test_a_court_case_with_a_referral_of_the_wrong_type_is_refused(api, volunteer):
    with unchanged():
        for value in ([], "某某县人民法院", 1, True):
            TRIED["API registration values"] += 1
            body = registration_body(channel="court_delegated", court_referral=value)
            assert_refused(api(volunteer).post("/api/cases/", body, format="json"), "court_referral")
    assert Case.objects.count() == 0


def test_a_body_over_one_megabyte_is_refused_with_413_and_nothing_is_saved(api, volunteer):
    body = registration_body(summary="案" * 400_000)  # 1.2 MB in UTF-8
    with unchanged():
        response = api(volunteer).post("/api/cases/", body, format="json")
    TRIED["oversized bodies"] += 1
    assert response.status_code == 413 and json.loads(response.content)["error"] == "too_large"
    assert CHINESE.search(json.loads(response.content)["detail"])
    assert Case.objects.count() == 0


# What is accepted, normalised, and kept exactly


def registered(api, user, body):
    response = api(user).post("/api/cases/", body, format="json")
    assert response.status_code == 201, response.content[:500]
    return Case.objects.get(pk=response.json()["id"])


def test_full_width_digits_in_numbers_and_amounts_are_taken_as_the_same_number(api, volunteer):
    typed = {"name": "张三", "id_number": id_number(3).translate(FULL_WIDTH), "phone": "１３８００１３８０００",
             "employment_form": "contract"}
    claims = [{"kind": "wage", "amount": "１８６００．５０", "description": ""}]
    TRIED["accepted unicode values"] += 3
    case = registered(api, volunteer, registration_body(applicants=[typed], claims=claims))
    applicant = case.applicants.get()
    assert (applicant.person.id_number, applicant.phone, applicant.person.id_verified) == (
        id_number(3), "13800138000", True)
    assert str(case.claims.get().amount) == "18600.50"


def test_zero_width_and_other_invisible_characters_are_stripped_from_names_and_numbers(api, volunteer):
    typed = {"name": "\u200b张\u200d三\ufeff", "id_number": "\u2060" + id_number(4) + "\u200b",
             "phone": "138\u200c0013\u20608000", "employment_form": "contract"}
    employer = {**registration_body()["employer"], "name": "某某\u200b服装有限公司", "contact_name": "刘\u200e经理"}
    TRIED["accepted unicode values"] += 5
    case = registered(api, volunteer, registration_body(applicants=[typed], employer=employer))
    applicant = case.applicants.get()
    assert (applicant.name, applicant.person.name, applicant.person.id_number, applicant.phone) == (
        "张三", "张三", id_number(4), "13800138000")
    assert (case.employer.name, case.respondent.name, case.respondent.contact_name) == (
        "某某服装有限公司", "某某服装有限公司", "刘经理")


@pytest.mark.parametrize("name", [RARE_NAME, "𪚥𠀀", "阿卜杜·热合曼", "Mary O'Neil-Smith", "买买提·艾力", "䶮"])
def test_a_rare_or_minority_name_is_accepted_stored_and_shown(api, volunteer, supervisor, client, name):
    applicant = {"name": name, "id_number": id_number(5), "phone": "13800138000", "employment_form": "contract"}
    TRIED["accepted unicode values"] += 1
    case = registered(api, volunteer, registration_body(applicants=[applicant]))
    case.refresh_from_db()
    assert Person.objects.get(applications__case=case).name == name  # four-byte UTF-8 survives the database
    assert api(supervisor).get(f"/api/cases/{case.pk}/").json()["applicants"][0]["name"] == name
    client.force_login(supervisor)
    assert name.replace("'", "&#x27;") in client.get(f"/cases/{case.pk}/").content.decode()


def test_a_rare_surname_appears_in_the_pdf(api, volunteer, mediator, django_capture_on_commit_callbacks):
    """The acceptance notice names the applicant: 𠇔 must be drawn, not dropped or boxed."""
    applicant = {"name": RARE_NAME, "id_number": id_number(6), "phone": "13800138000", "employment_form": "contract"}
    case = registered(api, volunteer, registration_body(applicants=[applicant]))
    with django_capture_on_commit_callbacks(execute=True):
        transitions.perform(case, "accept", mediator)
    document = GeneratedDocument.objects.get(case=case, kind="acceptance_notice")
    with storage.open_stored(document.file_path) as handle:
        content = handle.read()
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    TRIED["accepted unicode values"] += 1
    assert RARE_NAME in re.sub(r"\s+", "", text)
    # Drawn with the documents' own font, not a fallback: that font has the glyph.
    families = subprocess.run(["fc-list", f":charset={ord(RARE_NAME[0]):x}", "family"], capture_output=True,
                              text=True, check=True).stdout
    assert settings.CASEDESK_PDF_FONT in families


# HTML and script: stored verbatim, shown escaped everywhere


FREE_TEXT_REGISTRATION = ["summary", "employer.address", "claims.0.description"]
# Names refuse < and > (symbols), so what HTML a name can carry is entities and quotes.
NAME_FIELDS = [NAME, "employer.name", "employer.contact_name"]
NAME_MARKUP = "张&lt;i&gt;\"三'"


def test_html_in_every_free_text_field_is_stored_verbatim_and_shown_escaped(
        api, volunteer, mediator, supervisor, django_capture_on_commit_callbacks):
    body = registration_body()
    for index, path in enumerate(FREE_TEXT_REGISTRATION):
        body = set_path(body, path, f"{SCRIPT}{index}")
    for path in NAME_FIELDS:
        body = set_path(body, path, NAME_MARKUP)
    TRIED["HTML/script values"] += len(FREE_TEXT_REGISTRATION) + len(NAME_FIELDS)
    with django_capture_on_commit_callbacks(execute=True):
        case = registered(api, volunteer, body)
        transitions.perform(case, "accept", mediator)
        transitions.perform(case, "assign", supervisor, mediator=mediator.pk)
        steps.record(case, "record_session", mediator, held_at="2026-11-02 09:00", place=f"{SCRIPT}p",
                                present=f"{SCRIPT}q", statements=f"{SCRIPT}r")
        transitions.perform(case, "extend", supervisor, until="2026-11-30", reason=f"{SCRIPT}e", parties_consent=True)
        transitions.perform(case, "reach_agreement", mediator, terms=f"{SCRIPT}t", amount="100.00",
                            performance_due="2026-11-30")
        transitions.perform(case, "apply_confirmation", mediator, court=f"{SCRIPT}c", applied_on="2026-11-02")
        transitions.perform(case, "court_reject", mediator, reason=f"{SCRIPT}j")
    TRIED["HTML/script values"] += 7
    case.refresh_from_db()
    assert case.summary == f"{SCRIPT}0" and case.employer.name == NAME_MARKUP  # verbatim, not cleaned
    pages = [f"/cases/{case.pk}/", "/cases/", "/", f"/reports/cases/{case.pk}/timeline/", "/reports/cases/",
             "/deadlines/", "/supervisor/board/", f"/cases/?q={SCRIPT}"]
    client = Client()
    for user in (supervisor, mediator, volunteer):
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 403), (url, response.status_code)
            html = response.content.decode()
            assert "<script>alert" not in html and "<i>" not in html, (user.username, url)
    client.force_login(supervisor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;0" in page  # shown, as text
    assert "张&amp;lt;i&amp;gt;&quot;三&#x27;" in page


# Transitions through the API: bad data refused, nothing changes



AGREEMENT = {"terms": "被申请人一次性支付工资。", "amount": "18600.00", "performance_due": "2026-11-30"}
BAD_AGREEMENTS = {
    "negative amount": ({"amount": "-1"}, "amount"),
    "three decimals": ({"amount": "1.005"}, "amount"),
    "NaN": ({"amount": "NaN"}, "amount"),
    "Infinity": ({"amount": "Infinity"}, "amount"),
    "huge": ({"amount": 10 ** 30}, "amount"),
    "amount as a bool": ({"amount": True}, "amount"),
    "amount as a list": ({"amount": ["1"]}, "amount"),
    "terms null": ({"terms": None}, "terms"),
    "terms with NUL": ({"terms": "支付\x00工资"}, "terms"),
    "terms too long": ({"terms": "条" * 5001}, "terms"),
    "terms as an object": ({"terms": {"a": 1}}, "terms"),
    "due in year 9999": ({"performance_due": "9999-12-31"}, "performance_due"),
    "due in year 0001": ({"performance_due": "0001-01-01"}, "performance_due"),
    "due before signing": ({"performance_due": "2026-10-01"}, "performance_due"),
    "signed in the future": ({"signed_on": "2026-11-03"}, "signed_on"),
    "signed in year 0001": ({"signed_on": "0001-01-01"}, "signed_on"),
    "instalments as a string": ({"instalments": "两期"}, "instalments"),
    "instalments as an object": ({"instalments": {"due_on": "2026-11-30"}}, "instalments"),
    "instalments of numbers": ({"instalments": [1, 2]}, "instalments"),
    "an instalment with a negative amount": (
        {"instalments": [{"due_on": "2026-11-30", "amount": "-1"}, {"due_on": "2026-11-30", "amount": "18601"}]},
        "instalments"),
    "an instalment in year 9999": ({"performance_due": "9999-12-31",
                                     "instalments": [{"due_on": "9999-12-31", "amount": "18600.00"}]},
                                    "performance_due"),
    "61 instalments": ({"instalments": [{"due_on": "2026-11-30", "amount": "1"}] * 61}, "instalments"),
    "an unknown field": ({"bonus": "1"}, "bonus"),
}


@pytest.mark.parametrize("label", BAD_AGREEMENTS)
def test_a_bad_agreement_is_refused_and_nothing_changes(api, mediating, mediator, label):
    case = mediating()
    changes, field = BAD_AGREEMENTS[label]
    with unchanged(case):
        response = api(mediator).post(f"/api/cases/{case.pk}/transitions/reach_agreement/",
                                      {**AGREEMENT, **changes}, format="json")
        TRIED["API transition values"] += 1
        assert_refused(response, field)
    case.refresh_from_db()
    assert case.status == "mediating"


BAD_OTHER_TRANSITIONS = {
    "extend to year 9999": ("extend", {"until": "9999-12-31", "reason": "双方同意", "parties_consent": True}, "until"),
    "extend to year 0001": ("extend", {"until": "0001-01-01", "reason": "双方同意", "parties_consent": True}, "until"),
    "consent as a list": ("extend", {"until": "2026-12-31", "reason": "同意", "parties_consent": [True]},
                          "parties_consent"),
    "consent as text": ("extend", {"until": "2026-12-31", "reason": "同意", "parties_consent": "maybe"},
                        "parties_consent"),
    "reason with NUL": ("record_failure", {"reason": "\x00"}, "reason"),
    "reason with a bell": ("record_failure", {"reason": "调解\x07失败"}, "reason"),
    "reason too long": ("record_failure", {"reason": "因" * 2001}, "reason"),
    "reason null": ("record_failure", {"reason": None}, "reason"),
    "reason as a list": ("withdraw", {"reason": []}, "reason"),
    "reason as a bool": ("withdraw", {"reason": True}, "reason"),
    "mediator as a bool": ("reassign", {"mediator": True, "reason": "回避"}, "mediator"),
    "mediator as a huge number": ("reassign", {"mediator": 10 ** 30, "reason": "回避"}, "mediator"),
    "mediator as a string": ("reassign", {"mediator": "陈调解", "reason": "回避"}, "mediator"),
    "mediator as a float": ("reassign", {"mediator": 1.5, "reason": "回避"}, "mediator"),
    "mediator as an object": ("reassign", {"mediator": {"id": 1}, "reason": "回避"}, "mediator"),
}


@pytest.mark.parametrize("label", BAD_OTHER_TRANSITIONS)
def test_a_bad_transition_value_is_refused_and_nothing_changes(api, mediating, mediator, supervisor, label):
    case = mediating()
    name, data, field = BAD_OTHER_TRANSITIONS[label]
    actor = supervisor if name in ("extend", "reassign") else mediator  # one who may take it
    with unchanged(case):
        response = api(actor).post(f"/api/cases/{case.pk}/transitions/{name}/", data, format="json")
        TRIED["API transition values"] += 1
        assert_refused(response, field)


@pytest.mark.parametrize("url", [
    "/api/cases/99999999999999999999/", "/api/cases/9223372036854775808/timeline/",
    "/api/documents/99999999999999999999/pdf/", "/cases/99999999999999999999/",
    "/api/cases/1/transitions/%00/", "/api/verify/%00/", "/verify/%00/", "/cases/?q=%00",
    "/cases/?page=99999999999999999999", "/cases/?mediator=99999999999999999999",
    "/api/cases/?mediator=99999999999999999999", "/api/cases/?page_size=99999999999999999999",
    "/reports/jobs/99999999999999999999/", "/cases/?q=" + "案" * 10000,
    "/cases/?submitted_from=0001-01-01", "/api/cases/?submitted_from=0001-01-01",
    "/api/cases/?submitted_to=0001-01-01", "/reports/cases/?submitted_from=0001-01-01",
    "/api/stats/?from=0001-01-01&to=0001-12-31", "/reports/stats/?from=0001-01-01&to=2026-01-01",
    "/reports/annual/?year=1", "/reports/annual/?year=99999",
])
def test_absurd_ids_and_queries_are_never_a_server_error(client, supervisor, url):
    client.force_login(supervisor)
    response = client.get(url)
    TRIED["URLs and queries"] += 1
    assert response.status_code in (200, 400, 404, 405), (url, response.status_code)


def test_the_token_endpoint_refuses_a_nul_in_the_user_name(api, volunteer):
    for body in ({"username": "volunteer1\x00", "password": "x"}, {"username": "v", "password": "\x00"}):
        TRIED["API token values"] += 1
        response = api(None).post("/api/auth/token/", body, format="json")
        assert response.status_code == 400, response.content[:300]


@pytest.mark.parametrize("data", [
    {"username": "volunteer1\x00", "password": "x"}, {"username": "volunteer1", "password": "\x00"},
    {"username": "😀" * 200, "password": ""},
])
def test_the_login_page_refuses_odd_user_names_without_a_server_error(client, volunteer, data):
    response = client.post("/login/", data)
    TRIED["web login values"] += 1
    assert response.status_code in (200, 403, 429), response.status_code
    assert "_auth_user_id" not in client.session


# The web forms: the page again, with the message next to the field


def post_registration(client, **changes):
    data = registration_post()
    data.update(changes)
    return client.post("/cases/new/", data)


BAD_WEB_REGISTRATIONS = {
    "emoji in a name": ("applicants-0-name", "张三😀", "id_applicants-0-name"),
    "a NUL in the summary": ("case-summary", "拖欠\x00工资", "id_case-summary"),
    "summary too long": ("case-summary", "案" * 5001, "id_case-summary"),
    "year 0001": ("case-dispute_started_on", "0001-01-01", "id_case-dispute_started_on"),
    "year 9999": ("case-dispute_started_on", "9999-12-31", "id_case-dispute_started_on"),
    "an impossible date": ("case-dispute_started_on", "2026-02-30", "id_case-dispute_started_on"),
    "negative amount": ("claims-0-amount", "-5", "id_claims-0-amount"),
    "three decimals": ("claims-0-amount", "1.005", "id_claims-0-amount"),
    "NaN": ("claims-0-amount", "NaN", "id_claims-0-amount"),
    "Infinity": ("claims-0-amount", "Infinity", "id_claims-0-amount"),
    "a huge amount": ("claims-0-amount", "9" * 400, "id_claims-0-amount"),
    "full-width ID with a wrong check digit": (
        "applicants-0-id_number",
        (id_number(0)[:17] + ("0" if id_number(0)[17] != "0" else "1")).translate(FULL_WIDTH),
        "id_applicants-0-id_number"),
    "employer name too long": ("employer-name", "某" * 201, "id_employer-name"),
    "a NUL in the employer address": ("employer-address", "\x00", "id_employer-address"),
}


@pytest.mark.parametrize("label", BAD_WEB_REGISTRATIONS)
def test_a_bad_value_on_the_registration_page_is_shown_next_to_its_field(client, volunteer, label):
    key, value, field_id = BAD_WEB_REGISTRATIONS[label]
    client.force_login(volunteer)
    with unchanged():
        response = post_registration(client, **{key: value})
        TRIED["web registration values"] += 1
        assert response.status_code == 400, response.status_code
        message = field_error(response.content.decode(), field_id)
        assert is_chinese(message), (field_id, message)


def test_a_script_on_the_registration_page_is_redisplayed_escaped(client, volunteer):
    client.force_login(volunteer)
    with unchanged():
        response = post_registration(client, **{"case-summary": SCRIPT, "case-dispute_started_on": "0001-01-01"})
    TRIED["web registration values"] += 1
    html = response.content.decode()
    assert response.status_code == 400 and "<script>alert" not in html and "&lt;script&gt;" in html
    assert Case.objects.count() == 0


BAD_WEB_AGREEMENTS = {
    "negative amount": ({"amount": "-1"}, "amount"),
    "three decimals": ({"amount": "1.005"}, "amount"),
    "NaN": ({"amount": "NaN"}, "amount"),
    "Infinity": ({"amount": "Infinity"}, "amount"),
    "a huge amount": ({"amount": "9" * 400}, "amount"),
    "terms with NUL": ({"terms": "\x00"}, "terms"),
    "due in year 9999": ({"performance_due": "9999-12-31"}, "performance_due"),
    "due in year 0001": ({"performance_due": "0001-01-01"}, "performance_due"),
    "an impossible date": ({"performance_due": "2026-11-31"}, "performance_due"),
}


@pytest.mark.parametrize("label", BAD_WEB_AGREEMENTS)
def test_a_bad_agreement_on_the_case_page_is_shown_next_to_its_field(client, mediating, mediator, label):
    case = mediating()
    changes, field = BAD_WEB_AGREEMENTS[label]
    client.force_login(mediator)
    with unchanged(case):
        response = client.post(f"/cases/{case.pk}/actions/reach_agreement/", {**AGREEMENT, **changes})
        TRIED["web transition values"] += 1
        assert response.status_code == 400, response.status_code
        message = field_error(response.content.decode(), f"id_reach_agreement_{field}")
        assert is_chinese(message), message


def test_bad_instalment_rows_on_the_case_page_are_refused(client, mediating, mediator):
    case = mediating()
    client.force_login(mediator)
    with unchanged(case):
        for amounts in (["-1", "18601"], ["NaN", "18600"], ["1.001", "18599.999"]):
            response = client.post(f"/cases/{case.pk}/actions/reach_agreement/", {
                **AGREEMENT, "instalment_due_on": ["2026-11-20", "2026-11-30"], "instalment_amount": amounts})
            TRIED["web transition values"] += 1
            assert response.status_code == 400
            fieldset = response.content.decode().split('class="field instalments has-error"', 1)[1]
            assert is_chinese(fieldset.split('class="field-error">', 1)[1].split("</p>", 1)[0])


@pytest.mark.parametrize("query", [
    {"q": SCRIPT}, {"q": "\x00"}, {"q": "案" * 10000}, {"q": "😀"}, {"q": RARE_NAME}, {"status": SCRIPT},
    {"submitted_from": "0001-01-01"}, {"submitted_from": "99999-01-01"}, {"mediator": "abc"}, {"overdue": "maybe"},
    {"page": "-1"}, {"page": "9" * 40}, {"category": "\x00"},
])
def test_the_case_search_takes_any_query_without_a_server_error(client, register, supervisor, query):
    register()
    client.force_login(supervisor)
    response = client.get("/cases/", query)
    TRIED["web search queries"] += 1
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


# The online application's public API: anyone may send anything, without an account


PORTAL = "/api/portal/applications/"
BAD_APPLICATIONS = {
    # oversized
    "a name longer than 100": ("name", "赵" * 101, "name"),
    "an account longer than 5000": ("summary", "案" * 5001, "summary"),
    "an employer name longer than 200": ("employer_name", "某" * 201, "employer_name"),
    "a document number longer than 40": ("id_number", "1" * 41, "id_number"),
    # wrong JSON types
    "a name as a list": ("name", ["赵网申"], "name"),
    "a name as an object": ("name", {"text": "赵网申"}, "name"),
    "a name as a bool": ("name", True, "name"),
    "an account as a list": ("summary", ["拖欠工资"], "summary"),
    "a date as a number": ("dispute_started_on", 20261008, "dispute_started_on"),
    "an amount as a bool": ("claim_amount_0", True, "claim_amount_0"),
    "an amount as an object": ("claim_amount_0", {"value": 1}, "claim_amount_0"),
    "consent as a list": ("consent", [True], "consent"),
    "consent as text": ("consent", "maybe", "consent"),
    "consent as false": ("sensitive_consent", False, "sensitive_consent"),
    "a unit on a desk of one unit, as a list": ("unit", [1], "unit"),
    "an unknown field": ("bonus", "1", "bonus"),
    "evidence in JSON": ("evidence", "JVBERi0xLjQ=", "evidence"),
    # unicode and control characters
    "a NUL in the name": ("name", "赵\x00网申", "name"),
    "a NUL in the account": ("summary", "拖欠\x00工资", "summary"),
    "a NUL in a date": ("dispute_started_on", "2026-10-08\x00", "dispute_started_on"),
    "a NUL in a choice": ("category", "wage_arrears\x00", "category"),
    "emoji in the name": ("name", "赵😀", "name"),
    "a private-use character in the name": ("name", "赵\ue000", "name"),
    "full-width ID with a wrong check digit": (
        "id_number", (id_number(424)[:17] + ("0" if id_number(424)[17] != "0" else "1")).translate(FULL_WIDTH),
        "id_number"),
    # dates and amounts
    "year 0001": ("dispute_started_on", "0001-01-01", "dispute_started_on"),
    "year 10000": ("dispute_started_on", "10000-01-01", "dispute_started_on"),
    "30 February": ("dispute_started_on", "2026-02-30", "dispute_started_on"),
    "NaN": ("claim_amount_0", "NaN", "claim_amount_0"),
    "1e400": ("claim_amount_0", "1e400", "claim_amount_0"),
    "a huge integer": ("claim_amount_0", 10 ** 30, "claim_amount_0"),
    "a float with binary noise": ("claim_amount_0", 0.1 + 0.2, "claim_amount_0"),
    "three decimals": ("claim_amount_0", "1.005", "claim_amount_0"),
}


def application_body(**overrides):
    from ..portal.test_api import body

    return body(**overrides)


@pytest.mark.parametrize("label", BAD_APPLICATIONS)
def test_a_bad_online_application_value_is_refused_naming_the_field_and_nothing_is_saved(api, label):
    key, value, field = BAD_APPLICATIONS[label]
    with unchanged():
        response = api(None).post(PORTAL, {**application_body(), key: value}, format="json")
        TRIED["portal API application values"] += 1
        assert_refused(response, field)


@pytest.mark.parametrize("text", [
    '{"summary": "\\ud800"}', '{"\\udfff": 1}', "1e400", "[]", '"x"', "null", "{" * 100_000, "\x00",
], ids=["lone surrogate", "lone surrogate as a key", "a number", "a list", "a string", "null", "deep", "NUL"])
def test_an_online_application_body_that_is_no_json_object_is_refused(api, text):
    with unchanged():
        response = api(None).post(PORTAL, text, content_type="application/json")
        TRIED["portal API raw bodies"] += 1
    assert response.status_code == 400, response.content[:300]
    assert set(json.loads(response.content)) == {"error", "detail", "fields"}


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "multipart/form-data", "application/json; charset=latin-1"])
def test_an_online_application_in_another_format_is_never_a_server_error(api, content_type):
    with unchanged():
        response = api(None).post(PORTAL, "name=赵".encode(), content_type=content_type)
        TRIED["portal API raw bodies"] += 1
    assert response.status_code in (400, 415), (content_type, response.status_code)


@pytest.mark.parametrize("number", ["%00", "9" * 400, "２０２６１１０２１２３４５６", "..%2F..%2Fetc", "-1", "1e400", "😀",
                                    "20261102123456%00", " 20261102123456"])
@pytest.mark.parametrize("code", ["", "\x00", "码" * 5000, "12345678"])
def test_any_tracking_number_and_code_is_answered_without_a_server_error(client, number, code):
    response = client.get(f"{PORTAL}{number}/", {"code": code})
    TRIED["portal API tracking look-ups"] += 1
    assert response.status_code in (404, 429), (number, response.status_code)
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("number", ["%00", "9" * 400, "😀", "１２"])
def test_the_desk_endpoints_answer_404_for_any_tracking_number(api, supervisor, number):
    for action in ("register", "decline"):
        response = api(supervisor).post(f"{PORTAL}{number}/{action}/", {"reason": "x"}, format="json")
        TRIED["portal API tracking look-ups"] += 1
        assert response.status_code == 404, (number, action, response.status_code)


@pytest.fixture(scope="module", autouse=True)
def bad_input_figures():
    """After the module (in each worker that ran some of it): how many bad inputs were tried, by kind."""
    yield
    print(f"\nFIGURES bad-input: {sum(TRIED.values())} inputs tried")
    for kind, count in sorted(TRIED.items()):
        print(f"  {kind}: {count}")

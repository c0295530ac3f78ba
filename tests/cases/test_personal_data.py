"""Personal data at rest: ID numbers, phones and bank accounts encrypted (casedesk.cases.crypto),
found again through their keyed hash, masked by role, and nowhere in the database in clear."""

import csv
import io
import json

import pytest
from cryptography.fernet import Fernet
from django.contrib.sessions.backends.db import SessionStore
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from casedesk.cases import crypto, intake, selectors
from casedesk.cases.errors import InvalidData
from casedesk.cases.models import Applicant, CaseEmployer, Person, PersonalDataAccess
from casedesk.consultations.models import Consultation
from casedesk.documents import storage
from casedesk.documents.rendering import render_document
from casedesk.reports.models import ReportJob

from ..conftest import AGREEMENT, client_for, id_number, registration_body, unchanged
from ..consultations.conftest import consultation_body
from ..desk.conftest import registration_post
from ..documents.conftest import pdf_text
from ..factories import ApplicantFactory
from ..outreach.conftest import event_body

pytestmark = pytest.mark.django_db

KEY_1, KEY_2, KEY_3 = (Fernet.generate_key().decode() for _ in range(3))

# The personal data of the test's workers: unusual enough that no other value contains them.
API_WORKER = {"name": "林秀英", "id_number": id_number(731), "phone": "13912345678",
              "bank_account": "6222 0212 3456 7890 123", "employment_form": "contract"}
WEB_WORKER = {"name": "赵建国", "id_number": id_number(538), "phone": "15887654321",
              "bank_account": "6217000099998888777", "employment_form": "contract"}
EMPLOYER_PHONE = "0571-86549731"


def account(worker):
    return worker["bank_account"].replace(" ", "")


def secrets_of(*workers):
    values = [EMPLOYER_PHONE, EMPLOYER_PHONE.replace("-", "")]
    for worker in workers:
        values += [worker["id_number"], worker["phone"], account(worker)]
    return values


def body_for(worker, **overrides):
    body = registration_body(**overrides)
    body["applicants"] = [dict(worker)]
    body["employer"] = {**body["employer"], "contact_phone": EMPLOYER_PHONE}
    return body


def register_by_api(user, worker, **overrides):
    response = client_for(user).post("/api/cases/", body_for(worker, **overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def register_by_web_form(client, user, worker):
    post = registration_post()
    post.update({f"applicants-0-{key}": value for key, value in worker.items()})
    post["employer-contact_phone"] = EMPLOYER_PHONE
    client.force_login(user)
    response = client.post("/cases/new/", post)
    assert response.status_code == 302, response.content.decode()[:2000]
    return int(response["Location"].rstrip("/").split("/")[-1])


# ---- the database scan --------------------------------------------------------------------

def _cell_texts(table, value):
    """Every readable form of one stored value: text, JSON, bytes, a decoded session."""
    if value is None or isinstance(value, (int, float, bool)):
        return []
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return [value.decode("utf-8", "replace"), value.decode("latin-1")]
    if isinstance(value, (dict, list)):
        return [json.dumps(value, ensure_ascii=False)]
    text = str(value)
    texts = [text]
    if table == "django_session":
        try:
            texts.append(json.dumps(SessionStore().decode(text), ensure_ascii=False, default=str))
        except Exception:  # noqa: BLE001  (a value that is not session data: scanned as it is)
            pass
    return texts


def scan_database(needles):
    """{(table, column): [needles found]} over every column of every table, read with raw SQL."""
    needles = [n for n in needles if n]
    found = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}")
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    for text in _cell_texts(table, value):
                        hits = [n for n in needles if n in text or n.lower() in text.lower()]
                        if hits:
                            found.setdefault((table, column), set()).update(hits)
    return found


def test_the_scan_finds_clear_text_in_text_and_json_columns(register, volunteer):
    """The scan itself: a value written in clear into a text and into a JSON column is found."""
    case = register()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cases_claim SET description = %s WHERE case_id = %s",
                           [f"身份证号{API_WORKER['id_number']}", case.pk])
        PersonalDataAccess.objects.create(user=volunteer, case=case, action="view_case",
                                          detail={"note": API_WORKER["phone"]})
        found = scan_database(secrets_of(API_WORKER))
        transaction.set_rollback(True)
    assert found[("cases_claim", "description")] == {API_WORKER["id_number"]}
    assert found[("cases_personaldataaccess", "detail")] == {API_WORKER["phone"]}


def test_no_id_number_phone_or_bank_account_is_stored_in_clear(client, volunteer, mediator, supervisor, walk):
    """Cases registered through the API and the web form, walked to an agreement, documents
    issued, viewed unmasked, exported and searched: the clear values are in no table."""
    by_api = register_by_api(volunteer, API_WORKER)
    by_web = register_by_web_form(client, volunteer, WEB_WORKER)
    # The same worker again, through both doors: the duplicate check runs on the stored data.
    register_by_api(volunteer, API_WORKER, summary="同一工人的第二次登记，被申请人拖欠工资。")
    person = Person.objects.get(id_number_digest=crypto.digest(API_WORKER["id_number"]))
    case = walk(person.applications.earliest("id").case, ("accept", mediator, {}),
                ("assign", supervisor, {"mediator": mediator.pk}), ("reach_agreement", mediator, AGREEMENT))
    render_document(case, "agreement", mediator)
    render_document(case, "acceptance_notice", mediator)
    client.force_login(supervisor)
    for case_id in (by_api["id"], by_web):
        assert client.get(f"/cases/{case_id}/").status_code == 200
        assert client_for(supervisor).get(f"/api/cases/{case_id}/").status_code == 200
    for text in (API_WORKER["id_number"], WEB_WORKER["phone"]):
        assert client_for(supervisor).get("/api/cases/", {"q": text}).json()["count"] >= 1
        client.post("/reports/cases/export/", {"format": "csv", "q": text})
    assert PersonalDataAccess.objects.filter(action="export_cases").count() == 2
    assert ReportJob.objects.count() == 2

    assert scan_database(secrets_of(API_WORKER, WEB_WORKER)) == {}
    stored = Person.objects.values_list("id_number", flat=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM cases_person")
        raw = [value for row in cursor.fetchall() for value in row]
        cursor.execute("SELECT phone, bank_account FROM cases_applicant")
        raw += [value for row in cursor.fetchall() for value in row]
        cursor.execute("SELECT contact_phone FROM cases_caseemployer")
        raw += [value for row in cursor.fetchall() for value in row]
    assert sorted(stored) == sorted([API_WORKER["id_number"], WEB_WORKER["id_number"]])
    assert len(raw) == 2 + 3 * 2 + 3 and all(crypto.is_ciphertext(value) for value in raw)


CONSULTED = {"name": "覃雪梅", "phone": "13576543219"}  # asked at the hotline, left name and phone
CONSULTED_WEB = {"name": "韦长顺", "phone": "18970001234"}  # asked at the counter (the quick form)
CONVERTED = {"name": "莫振华", "phone": "15912348765"}  # asked, then brought a case


def test_no_name_or_phone_left_with_a_consultation_is_stored_in_clear(client, volunteer, supervisor):
    """Consultations recorded through the API and the quick form, one at an event, one turned into a
    case on the desk; each viewed unmasked, searched by phone and exported: the names and phones
    are in no table in clear (the converted worker's name is the case's applicant name, which the
    desk keeps in clear like every applicant's, so only that phone is looked for)."""
    event = client_for(volunteer).post("/api/outreach-events/", event_body(), format="json").json()
    for contact, extra in ((CONSULTED, {"channel": "at_event", "event": event["id"]}), (CONVERTED, {})):
        body = consultation_body(contact_consent=True, **contact, **extra)
        assert client_for(volunteer).post("/api/consultations/", body, format="json").status_code == 201
    client.force_login(volunteer)
    quick = {**consultation_body(asked_at=""), "contact_consent": "on", **CONSULTED_WEB}
    assert client.post("/consultations/new/", quick).status_code == 302
    converted = Consultation.objects.get(phone_digest=crypto.digest(CONVERTED["phone"], "phone"))
    post = registration_post()
    post.update({"consultation": str(converted.pk), "applicants-0-name": CONVERTED["name"],
                 "applicants-0-phone": CONVERTED["phone"]})
    assert client.post("/cases/new/", post).status_code == 302
    client.force_login(supervisor)
    for consultation in Consultation.objects.all():
        assert client.get(f"/consultations/{consultation.pk}/").status_code == 200
        assert client_for(supervisor).get(f"/api/consultations/{consultation.pk}/").status_code == 200
    for contact in (CONSULTED, CONSULTED_WEB, CONVERTED):
        assert client_for(supervisor).get("/api/consultations/", {"q": contact["phone"]}).json()["count"] == 1
        client.post("/reports/consultations/export/", {"q": contact["phone"]})
    assert PersonalDataAccess.objects.filter(action="export_consultations").count() == 3

    needles = [CONSULTED["name"], CONSULTED_WEB["name"]]
    needles += [c["phone"] for c in (CONSULTED, CONSULTED_WEB, CONVERTED)] + [CONVERTED["phone"][-8:]]
    assert scan_database(needles) == {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM consultations_consultation WHERE contact_consent = %s", [True])
        raw = [value for row in cursor.fetchall() for value in row]
    assert len(raw) == 6 and all(crypto.is_ciphertext(value) for value in raw)


# ---- encryption ---------------------------------------------------------------------------

def test_encrypt_and_decrypt_round_trip_with_fresh_ciphertext_each_time():
    token = crypto.encrypt("11010519491231002X")
    assert crypto.is_ciphertext(token) and "11010519491231002X" not in token
    assert crypto.decrypt(token) == "11010519491231002X"
    assert crypto.encrypt("11010519491231002X") != token  # random IV: equal values do not look equal
    assert crypto.decrypt(crypto.encrypt("林秀英 𠇔")) == "林秀英 𠇔"
    assert (crypto.encrypt(""), crypto.decrypt(""), crypto.encrypt(None)) == ("", "", None)


def test_the_digest_is_keyed_and_normalised():
    number = id_number(731)
    assert crypto.digest(number) == crypto.digest(f" {number.lower()} ")
    assert crypto.digest("0571-86549731", "phone") == crypto.digest("057186549731", "phone")
    assert crypto.digest("") == "" and crypto.digest("-", "phone") == ""
    with override_settings(CASEDESK_FIELD_KEY=KEY_1):
        under_1 = crypto.digest(number)
    with override_settings(CASEDESK_FIELD_KEY=KEY_2):
        assert crypto.digest(number) != under_1


def test_key_rotation_old_rows_still_read_new_rows_use_the_new_key(volunteer):
    with override_settings(CASEDESK_FIELD_KEY=KEY_1):
        old = Person.objects.create(name="旧", id_number=id_number(11))
        applicant = ApplicantFactory(person=old, phone="13900000011")
        old_fingerprint = crypto.key_fingerprint()
    with override_settings(CASEDESK_FIELD_KEY=f"{KEY_2},{KEY_1}"):
        assert Person.objects.get(pk=old.pk).id_number == id_number(11)
        new = Person.objects.create(name="新", id_number=id_number(12))
        assert crypto.fingerprints() == [crypto.key_fingerprint(), old_fingerprint]
        assert crypto.key_fingerprint() != old_fingerprint
        new_token = _raw("cases_person", "id_number", new.pk)
        assert Fernet(KEY_2).decrypt(new_token.encode()).decode() == id_number(12)
        # Digests follow the first key: the rotation command rewrites them with the ciphertext.
        assert intake.person_on_record("resident_id", id_number(11)) is None
        call_command("rotate_field_key", stdout=io.StringIO())
        assert intake.person_on_record("resident_id", id_number(11)) == old
        rotated = _raw("cases_person", "id_number", old.pk)
        assert Fernet(KEY_2).decrypt(rotated.encode()).decode() == id_number(11)
        assert _raw("cases_applicant", "phone", applicant.pk) != "13900000011"
        assert Applicant.objects.get(phone_digest=crypto.digest("13900000011", "phone")) == applicant
    with override_settings(CASEDESK_FIELD_KEY=KEY_2):  # the old key dropped
        assert Applicant.objects.get(pk=applicant.pk).phone == "13900000011"
        assert CaseEmployer.objects.get(case=applicant.case).contact_phone == "13800138000"


def test_a_wrong_key_is_a_clear_error_not_garbage():
    with override_settings(CASEDESK_FIELD_KEY=KEY_1):
        person = Person.objects.create(name="某", id_number=id_number(21))
    with override_settings(CASEDESK_FIELD_KEY=KEY_3):
        with pytest.raises(crypto.FieldKeyError, match="CASEDESK_FIELD_KEY"):
            Person.objects.get(pk=person.pk)
    with pytest.raises(crypto.FieldKeyError, match="cannot be decrypted"):
        crypto.decrypt("not a token")
    with override_settings(CASEDESK_FIELD_KEY="not-a-fernet-key"):
        with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
            crypto.encrypt("x")


def test_an_encrypted_column_refuses_a_search_by_clear_value():
    with pytest.raises(FieldError, match="id_number_digest"):
        list(Person.objects.filter(id_number=id_number(1)))
    with pytest.raises(FieldError, match="encrypted"):
        list(Applicant.objects.filter(phone__startswith="139"))
    assert list(Person.objects.filter(id_number="")) == []  # emptiness stays searchable


def test_check_deploy_warns_about_the_development_key_only():
    def field_key_messages():
        return [m.id for m in checks.run_checks(include_deployment_checks=True, tags=["security"])
                if m.id in ("cases.E001", "cases.W001")]

    with override_settings(CASEDESK_FIELD_KEY=crypto.DEVELOPMENT_KEY):
        assert field_key_messages() == ["cases.W001"]
    with override_settings(CASEDESK_FIELD_KEY=f"{KEY_1},{KEY_2}"):
        assert field_key_messages() == []
    with override_settings(CASEDESK_FIELD_KEY="short"):
        assert field_key_messages() == ["cases.E001"]


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


# ---- search and duplicates ----------------------------------------------------------------

def test_the_case_list_finds_a_case_by_exact_id_number_or_phone(volunteer, supervisor):
    created = register_by_api(volunteer, API_WORKER)
    register_by_api(volunteer, {**API_WORKER, "name": "别人", "id_number": id_number(732), "phone": "13700000000"},
                    employer={**registration_body()["employer"], "name": "另一家公司", "uscc": ""})
    api = client_for(supervisor)

    def found(text):
        return [c["id"] for c in api.get("/api/cases/", {"q": text}).json()["results"]]

    assert found(API_WORKER["id_number"]) == [created["id"]]
    assert found(API_WORKER["id_number"].lower()) == [created["id"]]
    assert found(API_WORKER["phone"]) == [created["id"]]
    assert found("１３９ １２３４ ５６７８") == [created["id"]]  # typed with full-width digits and spaces
    assert found(API_WORKER["id_number"][:-1]) == []  # exact match only: no prefix search
    assert found("林秀英") == [created["id"]]
    desk = client_for(None)
    desk.force_login(volunteer)
    assert created["number"] in desk.get("/cases/", {"q": API_WORKER["phone"]}).content.decode()


def test_sealed_filters_keep_the_search_text_encrypted_and_still_find(volunteer, supervisor):
    created = register_by_api(volunteer, API_WORKER)
    sealed = selectors.sealed_filters({"q": API_WORKER["id_number"], "status": "submitted"})
    assert "q" not in sealed and API_WORKER["id_number"] not in json.dumps(sealed)
    found = selectors.filter_cases(selectors.list_queryset(supervisor), sealed)
    assert [c.pk for c in found] == [created["id"]]
    shown = selectors.shown_filters(sealed)
    assert shown["q"] == "*" * 14 + API_WORKER["id_number"][-4:]
    assert selectors.shown_filters({"q": "林秀英"}) == {"q": "林秀英"}
    with pytest.raises(InvalidData) as refused:  # a forged token is a clear error, not a 500
        selectors.filter_cases(selectors.list_queryset(supervisor), {"q_sealed": "gAAAAAforged"})
    assert list(refused.value.fields) == ["q"]


def test_duplicate_detection_and_the_person_on_record_go_through_the_digest(client, volunteer):
    first = register_by_api(volunteer, API_WORKER)
    typed_differently = {**API_WORKER, "id_number": " " + API_WORKER["id_number"].lower(), "phone": ""}
    second = register_by_api(volunteer, typed_differently)
    assert second["possible_duplicates"] == [{"id": first["id"], "number": first["number"]}]
    assert Person.objects.count() == 1
    assert intake.person_on_record("resident_id", API_WORKER["id_number"]).name == "林秀英"
    # The web form asks before registering the same worker against the same employer again.
    post = registration_post()
    post.update({f"applicants-0-{key}": value for key, value in API_WORKER.items()})
    client.force_login(volunteer)
    page = client.post("/cases/new/", post).content.decode()
    assert 'id="warnings"' in page and first["number"] in page


def test_a_bank_account_is_validated_at_intake(volunteer):
    for bad in ("12345", "6222-0212-3456-7890", "6222abcd34567890", "1" * 31):
        with unchanged():
            response = client_for(volunteer).post("/api/cases/", body_for({**API_WORKER, "bank_account": bad}),
                                                  format="json")
        assert response.status_code == 400, bad
        assert "applicants.0.bank_account" in response.json()["fields"]
    assert Person.objects.count() == 0
    full_width = "６２２２０２１２３４５６７８９０１２３"
    register_by_api(volunteer, {**API_WORKER, "bank_account": full_width})
    assert Applicant.objects.get().bank_account == account(API_WORKER)


# ---- masking by role ----------------------------------------------------------------------

def test_the_api_masks_by_role(volunteer, mediator, supervisor, walk):
    created = register_by_api(volunteer, API_WORKER)
    masked = client_for(volunteer).get(f"/api/cases/{created['id']}/").json()
    applicant = masked["applicants"][0]
    assert applicant["id_number"] == API_WORKER["id_number"][:6] + "********" + API_WORKER["id_number"][-4:]
    assert applicant["phone"] == "139****5678"
    assert applicant["bank_account"] == "*" * 15 + "0123"
    assert masked["employer"]["contact_phone"] == "*" * 9 + "9731"
    assert not PersonalDataAccess.objects.exclude(action="identity_lookup").exists()

    full = client_for(supervisor).get(f"/api/cases/{created['id']}/").json()
    assert full["applicants"][0]["id_number"] == API_WORKER["id_number"]
    assert full["applicants"][0]["bank_account"] == account(API_WORKER)
    assert full["employer"]["contact_phone"] == EMPLOYER_PHONE
    assert PersonalDataAccess.objects.filter(user=supervisor, action="view_case").count() == 1


def test_the_case_page_masks_by_role(client, volunteer, supervisor):
    case_id = register_by_web_form(client, volunteer, WEB_WORKER)
    page = client.get(f"/cases/{case_id}/").content.decode()
    for secret in secrets_of(WEB_WORKER):
        assert secret not in page
    assert "*" * 15 + "8777" in page and "158****4321" in page
    client.force_login(supervisor)
    page = client.get(f"/cases/{case_id}/").content.decode()
    for secret in (WEB_WORKER["id_number"], WEB_WORKER["phone"], account(WEB_WORKER), EMPLOYER_PHONE):
        assert secret in page
    assert PersonalDataAccess.objects.filter(user=supervisor, case_id=case_id, action="view_case").exists()


def test_exports_carry_no_id_number_phone_or_bank_account_and_are_logged(client, volunteer, supervisor):
    register_by_api(volunteer, API_WORKER)
    client.force_login(supervisor)
    client.post("/reports/cases/export/", {"format": "csv", "q": API_WORKER["id_number"]})
    job = ReportJob.objects.get()
    content = b"".join(client.get(f"/reports/jobs/{job.pk}/download/").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 2 and "林秀英" in rows[1]
    for secret in secrets_of(API_WORKER):
        assert secret not in content
    logged = PersonalDataAccess.objects.get(action="export_cases")
    assert logged.detail["filters"]["q"] == "*" * 14 + API_WORKER["id_number"][-4:]


def test_the_agreement_prints_the_full_numbers_and_the_payment_account(volunteer, mediator, supervisor, walk):
    created = register_by_api(volunteer, API_WORKER)
    case = walk(Person.objects.get().applications.get().case, ("accept", mediator, {}),
                ("assign", supervisor, {"mediator": mediator.pk}), ("reach_agreement", mediator, AGREEMENT))
    assert case.pk == created["id"]
    agreement = pdf_text(storage.absolute(render_document(case, "agreement", mediator).file_path))
    assert API_WORKER["id_number"] in agreement and API_WORKER["phone"] in agreement and EMPLOYER_PHONE in agreement
    assert f"银行转账，支付至申请人本人银行账户（账号{account(API_WORKER)}）" in agreement
    notice = pdf_text(storage.absolute(render_document(case, "acceptance_notice", mediator).file_path))
    for secret in secrets_of(API_WORKER):
        assert secret not in notice
    assert API_WORKER["id_number"][:6] + "********" + API_WORKER["id_number"][-4:] in notice


# ---- the migration ------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_migration_0008_encrypts_the_rows_it_finds_and_can_be_reversed():
    executor = MigrationExecutor(connection)
    before = [("cases", "0007_case_list_filter_index")]
    after = [("cases", "0009_access_log_at_desk_clock")]  # later migrations move these columns (0012-0014)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    number = id_number(901)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO cases_employer (name, uscc, address, contact_name, contact_phone, created_at) "
                       "VALUES ('旧单位', '', '', '', %s, CURRENT_TIMESTAMP)", [EMPLOYER_PHONE])
        cursor.execute("INSERT INTO cases_person (name, id_type, id_number, id_verified, phone, created_at) "
                       "VALUES ('旧工人', 'resident_id', %s, TRUE, '13911112222', CURRENT_TIMESTAMP)", [number])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    assert scan_database([number, "13911112222", EMPLOYER_PHONE]) == {}
    state = executor.loader.project_state(after[0]).apps
    person = state.get_model("cases", "Person").objects.get(id_number_digest=crypto.digest(number))
    assert (person.id_number, person.phone, person.bank_account) == (number, "13911112222", "")
    assert person.phone_digest == crypto.digest("13911112222", "phone")
    assert state.get_model("cases", "Employer").objects.get().contact_phone == EMPLOYER_PHONE

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)
    executor = MigrationExecutor(connection)
    executor.migrate(before)  # backwards: the clear values come back for the old schema
    assert _raw("cases_person", "id_number", person.pk) == number
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)
    assert Person.objects.get().id_number == number

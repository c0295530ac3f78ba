"""The registration page: the intake service behind a form a volunteer fills in one go."""

import datetime

import pytest

from casedesk.cases import crypto, identifiers
from casedesk.cases.models import Applicant, Case, CaseEvent, Employer, Person

from ..conftest import registration_body, unchanged
from .conftest import field_error, registration_post

pytestmark = pytest.mark.django_db


def test_the_page_offers_one_applicant_row_one_claim_row_and_hides_the_court_fields(login, volunteer):
    page = login(volunteer).get("/cases/new/").content.decode()
    assert 'name="applicants-TOTAL_FORMS" value="1"' in page
    assert 'name="claims-TOTAL_FORMS" value="1"' in page
    assert 'id="court-referral" data-court-only hidden' in page
    assert "/employers/lookup/" in page


def test_a_volunteer_registers_a_case_for_two_workers(login, volunteer):
    response = login(volunteer).post("/cases/new/", registration_post(workers=2))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.status == "submitted"
    assert case.registered_by == volunteer
    assert [a.person.name for a in case.applicants.order_by("position")] == ["张0", "张1"]
    assert str(case.claimed_total) == "18600.00"
    assert CaseEvent.objects.filter(case=case, action="create").count() == 1


def test_a_wrong_id_checksum_is_shown_next_to_its_field_and_nothing_is_saved(login, volunteer):
    post = registration_post(workers=2)
    post["applicants-1-id_number"] = post["applicants-1-id_number"][:-1] + "0"
    with unchanged():
        response = login(volunteer).post("/cases/new/", post)
    page = response.content.decode()
    assert response.status_code == 400
    assert Case.objects.count() == 0 and Person.objects.count() == 0 and Employer.objects.count() == 0
    assert field_error(page, "id_applicants-1-id_number") == str(identifiers.ID_CHECK_MESSAGE)
    # What was typed is all still there.
    assert 'value="张1"' in page and f'value="{post["applicants-1-id_number"]}"' in page
    assert "2026年7月至9月工资" in page


def test_missing_fields_are_reported_on_each_part(login, volunteer):
    post = registration_post()
    post.update({"case-summary": "", "employer-name": "", "claims-0-kind": "nonsense"})
    with unchanged():
        response = login(volunteer).post("/cases/new/", post)
    assert response.status_code == 400
    page = response.content.decode()
    for field in ("id_case-summary", "id_employer-name", "id_claims-0-kind"):
        assert field_error(page, field)
    assert Case.objects.count() == 0


def test_blank_extra_rows_are_left_out(login, volunteer):
    post = registration_post(workers=1)
    post.update({"applicants-TOTAL_FORMS": "2", "applicants-1-id_type": "resident_id",
                 "applicants-1-employment_form": "contract", "applicants-1-name": "",
                 "claims-TOTAL_FORMS": "2", "claims-1-kind": "wage", "claims-1-amount": ""})
    login(volunteer).post("/cases/new/", post)
    case = Case.objects.get()
    assert case.applicant_count == 1 and case.claims.count() == 1


def test_the_court_fields_are_required_for_a_court_case_and_saved(login, volunteer):
    post = registration_post(channel="court_delegated")
    page = login(volunteer).post("/cases/new/", post).content.decode()
    assert Case.objects.count() == 0
    assert 'id="court-referral" data-court-only hidden' not in page
    assert field_error(page, "id_court_referral-court")
    post.update({"court_referral-court": "某某县人民法院", "court_referral-court_case_number": "（2026）某0101民诉前调88号",
                 "court_referral-referred_on": "2026-10-30"})
    login(volunteer).post("/cases/new/", post)
    case = Case.objects.get()
    assert case.court_referral.kind == "pre_litigation"
    assert case.mediation_due is not None


def test_the_day_signed_for_the_courts_materials_is_asked_explained_and_shown_on_the_case(login, volunteer):
    client = login(volunteer)
    page = client.get("/cases/new/").content.decode()
    assert 'name="court_referral-received_on"' in page
    assert "法院确定的调解期限自本会签收法院移交材料之日起计算；未填写的，按委派（委托）日期计算。" in page

    post = registration_post(channel="court_delegated")
    post.update({"court_referral-court": "某某县人民法院", "court_referral-court_case_number": "（2026）某0101民诉前调89号",
                 "court_referral-referred_on": "2026-10-20", "court_referral-received_on": "2026-10-19"})
    page = client.post("/cases/new/", post).content.decode()
    assert Case.objects.count() == 0
    assert "签收材料日期早于委派（委托）日期（2026年10月20日）：请核对。" in field_error(page, "id_court_referral-received_on")

    post["court_referral-received_on"] = "2026-10-26"
    client.post("/cases/new/", post)
    case = Case.objects.get()
    assert case.mediation_due == datetime.date(2026, 11, 25)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "签收材料日期</dt><dd>2026年10月26日" in page


def test_court_fields_left_in_a_hidden_section_are_ignored_for_other_channels(login, volunteer):
    post = registration_post()
    post["court_referral-court"] = "某某县人民法院"
    login(volunteer).post("/cases/new/", post)
    assert not hasattr(Case.objects.get(), "court_referral")


def test_a_case_referred_by_another_body_records_the_body_and_shows_it_on_its_page(login, volunteer, supervisor):
    assert 'id="referral" hidden' in login(volunteer).get("/cases/new/").content.decode()
    referral = {"body": "labour_inspection", "body_name": "某某县人力资源和社会保障局",
                "reference_number": "某人社监转〔2026〕3号", "referred_on": "2026-10-29"}
    response = login(volunteer).post("/cases/new/", registration_post(channel="transfer", referral=referral))
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.referral.body, case.referral.body_name) == ("labour_inspection", "某某县人力资源和社会保障局")
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    section = page.split('id="body-referral"', 1)[1].split("</section>", 1)[0]
    for shown in ("其他部门移交", "人力资源社会保障部门/劳动保障监察：某某县人力资源和社会保障局", "某人社监转〔2026〕3号",
                  "2026年10月29日"):
        assert shown in section, shown


def test_a_referral_without_its_reference_number_is_refused_next_to_the_field(login, volunteer):
    post = registration_post(channel="transfer", referral={"body": "petitions", "referred_on": "2026-10-29"})
    with unchanged():
        response = login(volunteer).post("/cases/new/", post)
    page = response.content.decode()
    assert response.status_code == 400 and Case.objects.count() == 0
    assert 'id="referral" hidden' not in page  # the section stays open with its error
    assert field_error(page, "id_referral-reference_number") == "该字段是必填项。"
    assert field_error(page, "id_referral-body") == "" and 'value="2026-10-29"' in page


def test_an_open_case_of_the_same_worker_and_employer_asks_for_confirmation(login, register, volunteer):
    earlier = register()
    client = login(volunteer)
    with unchanged(earlier):  # a question before registering, not a refusal: 200, and nothing saved yet
        response = client.post("/cases/new/", registration_post())
    page = response.content.decode()
    assert response.status_code == 200
    assert Case.objects.count() == 1
    assert 'id="warnings"' in page and earlier.number in page
    fingerprint = page.split('name="confirmed" value="', 1)[1].split('"', 1)[0]
    response = client.post("/cases/new/", {**registration_post(), "confirmed": fingerprint})
    assert response.status_code == 302
    later = Case.objects.exclude(pk=earlier.pk).get()
    assert later.related_case == earlier


def test_the_possible_duplicate_is_described_to_whoever_decides_and_linked_only_if_they_may_open_it(
        login, register, walk, volunteer, mediator, other_mediator, supervisor):
    """The link to the suspected duplicate answered 404 to the mediator deciding on acceptance when the
    other case was another mediator's: they could not check it. The page now says its state, its
    mediator and its day, links it only for those who may open it, and says whom to ask."""
    earlier = walk(register(), ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}))
    later = register()
    Case.objects.filter(pk=later.pk).update(related_case=earlier)
    strange = login(other_mediator).get(f"/cases/{later.pk}/").content.decode()
    note = strange.split('id="related-case"')[1].split("</p>")[0]
    assert earlier.number in note and "调解中" in note and f"调解员{mediator.get_full_name() or mediator.username}" in note
    assert f'href="/cases/{earlier.pk}/"' not in note and "请向其调解员或主管核实" in note
    own = login(supervisor).get(f"/cases/{later.pk}/").content.decode().split('id="related-case"')[1].split("</p>")[0]
    assert f'href="/cases/{earlier.pk}/"' in own and "请向其调解员" not in own


def test_a_stale_confirmation_does_not_skip_the_warning(login, register, volunteer):
    register()
    response = login(volunteer).post("/cases/new/", {**registration_post(), "confirmed": "0000"})
    assert 'id="warnings"' in response.content.decode()
    assert Case.objects.count() == 1


def test_a_different_name_on_record_for_the_same_document_is_a_warning(login, register, volunteer):
    register()
    post = registration_post()
    post.update({"applicants-0-name": "张三丰", "employer-name": "另一家公司",
                 "employer-uscc": identifiers.make_uscc("91330100MA9Y8X7W6")})
    page = login(volunteer).post("/cases/new/", post).content.decode()
    assert 'id="warnings"' in page and "“张三丰”" in page
    assert "张0" not in page  # told only that another name is on record (issue 14), not which
    assert Case.objects.count() == 1
    number = registration_body()["applicants"][0]["id_number"]
    assert Person.objects.get(id_number_digest=crypto.digest(number)).name == "张0"


def test_the_employer_on_record_is_reused_by_credit_code(login, volunteer, employer):
    post = registration_post()
    post.update({"employer-name": employer.name, "employer-uscc": employer.uscc, "employer-address": ""})
    login(volunteer).post("/cases/new/", post)
    assert Case.objects.get().employer == employer
    assert Employer.objects.count() == 1


def test_a_user_without_a_desk_role_may_not_register(login, outsider):
    with unchanged():
        response = login(outsider).post("/cases/new/", registration_post())
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_the_registration_page_needs_a_login(client):
    response = client.get("/cases/new/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert Applicant.objects.count() == 0

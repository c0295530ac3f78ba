"""The case page's correction form: the summary and a claim's amount too, until mediation ends."""

from html.parser import HTMLParser

import pytest

from casedesk.cases.choices import EmploymentForm, Status

from ..conftest import id_number, unchanged
from .conftest import field_error

pytestmark = pytest.mark.django_db


def test_the_form_offers_the_case_and_its_claims_until_mediation_ends(login, case_at, supervisor):
    mediating, agreed = case_at(Status.MEDIATING), case_at(Status.AGREED)
    page = login(supervisor).get(f"/cases/{mediating.pk}/").content.decode()
    assert 'value="case"' in page and 'value="claim-1"' in page and "¥18,600.00" in page
    page = login(supervisor).get(f"/cases/{agreed.pk}/").content.decode()
    assert 'value="claim-1"' not in page and 'value="applicant-1"' in page


def test_a_claim_amount_corrected_from_the_page(login, case_at, supervisor):
    case = case_at(Status.MEDIATING)
    response = login(supervisor).post(f"/cases/{case.pk}/corrections/", {
        "who": "claim-1", "field": "amount", "value": "19600.00", "reason": "金额登记有误"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert str(case.claimed_total) == "19600.00"


def test_a_bad_amount_is_refused_next_to_the_value(login, case_at, supervisor):
    case = case_at(Status.MEDIATING)
    with unchanged(case):
        response = login(supervisor).post(f"/cases/{case.pk}/corrections/", {
            "who": "claim-1", "field": "amount", "value": "一万九", "reason": "金额登记有误"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "阿拉伯数字" in field_error(page, "id_correction_value")
    assert 'id="form-errors"' in page


def test_the_summary_corrected_through_the_api(api, case_at, mediator):
    case = case_at(Status.MEDIATING)
    response = api(mediator).post(f"/api/cases/{case.pk}/corrections/", {
        "party": "case", "field": "summary", "value": "更正后的案情。", "reason": "笔误"}, format="json")
    assert response.status_code in (200, 201), response.json()
    case.refresh_from_db()
    assert case.summary == "更正后的案情。"


def test_a_missing_worker_is_added_from_the_case_page(login, register, volunteer):
    case = register()
    client = login(volunteer)
    assert 'id="add-applicant"' in client.get(f"/cases/{case.pk}/").content.decode()
    worker = {"who": "new_applicant", "name": "王七", "id_type": "resident_id", "id_number": id_number(7),
              "phone": "13800137777", "employment_form": "dispatch", "reason": "登记时遗漏"}
    with unchanged(case):
        response = client.post(f"/cases/{case.pk}/corrections/", {**worker, "id_number": id_number(7)[:-1] + "X"})
    page = response.content.decode()
    assert response.status_code == 400
    assert field_error(page, "id_new_applicant_id_number")
    assert 'id="add-applicant" open' in page and 'value="王七"' in page and 'id="form-errors"' in page
    assert client.post(f"/cases/{case.pk}/corrections/", worker).status_code == 302
    case.refresh_from_db()
    assert case.applicant_count == 2
    assert "王七" in client.get(f"/cases/{case.pk}/").content.decode()


def test_no_worker_is_added_from_the_page_after_mediation(login, case_at, supervisor):
    case = case_at(Status.AGREED)
    assert 'id="add-applicant"' not in login(supervisor).get(f"/cases/{case.pk}/").content.decode()


def test_a_court_case_offers_its_referral_and_each_field_says_whose_it_is(login, court_case, supervisor):
    case = court_case()
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert '<option value="court_referral">法院委派（委托）信息 （2026）浙0101民诉前调88号</option>' in page
    assert 'data-follows="id_correction_who"' in page
    assert '<option value="received_on" data-for="court_referral">签收材料日期</option>' in page
    assert '<option value="name" data-for="applicant employer">' in page


def test_the_day_signed_for_corrected_from_the_page_moves_the_courts_deadline(login, court_case, supervisor):
    case = court_case()
    response = login(supervisor).post(f"/cases/{case.pk}/corrections/", {
        "who": "court_referral", "field": "received_on", "value": "2026-11-02", "reason": "签收日期登记有误"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert str(case.mediation_due) == "2026-12-02"


class ValueControls(HTMLParser):
    """The controls named "value" on a page: [(tag, attributes, the text of a select's options)]."""

    def __init__(self, page):
        super().__init__()
        self.controls = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("name") == "value":
            self.controls.append((tag, attrs, []))
        elif tag == "option" and self.controls and self.controls[-1][0] == "select":
            self.controls[-1][2].append(attrs.get("value"))


def test_each_fields_own_control_is_on_the_page_disabled_until_its_field_is_chosen(login, case_at, supervisor):
    """Beside the text box (sent without the page's script), the registration's control of each party's
    field: a date picker, the employment forms, a number box within the court's bounds, a text area, and a
    text box counting that party's own length (an employer's name is longer than a worker's)."""
    from casedesk.cases import corrections

    case = case_at(Status.MEDIATING)
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    (_tag, plain, _options), *controls = ValueControls(page).controls
    assert plain["id"] == "id_correction_value" and "disabled" not in plain
    assert all("disabled" in attrs and "hidden" in attrs for _tag, attrs, _options in controls)
    control_of = {token: (tag, attrs, options) for tag, attrs, options in controls
                  for token in attrs["data-value-for"].split()}
    assert set(control_of) == {f"{party}.{field}" for party, fields in corrections.FIELDS_OF.items() for field in fields}
    assert control_of["applicant.employed_from"][1]["type"] == "date"
    assert control_of["court_referral.received_on"] == control_of["applicant.employed_until"]  # one picker
    assert control_of["applicant.employment_form"][0] == "select"
    assert set(control_of["applicant.employment_form"][2]) == set(EmploymentForm.values)
    assert control_of["case.summary"][0] == "textarea"
    days = control_of["court_referral.mediation_days"][1]
    assert (days["type"], days["min"], days["max"]) == ("number", "1", "90")
    assert control_of["claim.amount"][1]["inputmode"] == "decimal"
    assert (control_of["applicant.name"][1]["data-maxlength"], control_of["employer.name"][1]["data-maxlength"]) == (
        "100", "200")


def test_a_name_corrected_reads_as_a_partys_name_whether_a_worker_or_an_employer(login, case_at, supervisor):
    """One field, two parties: 姓名（名称）, as a legal form asks it of a party that may be a person or an
    organisation (it read 姓名 for a company)."""
    case = case_at(Status.MEDIATING)
    client = login(supervisor)
    assert '<option value="name" data-for="applicant employer">姓名（名称）</option>' in client.get(
        f"/cases/{case.pk}/").content.decode()
    response = client.post(f"/cases/{case.pk}/corrections/", {
        "who": "employer", "field": "name", "value": "某某县宏达建筑劳务有限责任公司", "reason": "营业执照名称"})
    assert response.status_code == 302
    timeline = client.get(f"/reports/cases/{case.pk}/timeline/").content.decode()
    assert "姓名（名称）" in timeline and "某某县宏达建筑劳务有限责任公司" in timeline

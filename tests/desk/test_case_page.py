"""The case page: what each role sees of a case, and that an invisible case is a 404."""

import pytest

from casedesk.cases.models import PersonalDataAccess

from ..conftest import id_number
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

FULL_ID = id_number(0)
MASKED_ID = "330102********000X"


def test_a_case_the_user_may_not_see_is_a_404(login, register):
    case = register()
    stranger = UserFactory(role="volunteer")
    assert login(stranger).get(f"/cases/{case.pk}/").status_code == 404
    assert login(stranger).get("/cases/999999/").status_code == 404


def test_the_volunteer_sees_ids_and_phones_masked_and_no_access_is_logged(login, register, volunteer):
    case = register()
    page = login(volunteer).get(f"/cases/{case.pk}/").content.decode()
    assert MASKED_ID in page and FULL_ID not in page
    assert "138****0000" in page
    assert PersonalDataAccess.objects.exclude(action="identity_lookup").count() == 0  # registering looked one up


def test_the_supervisor_sees_them_unmasked_and_the_view_is_logged(login, register, supervisor):
    case = register()
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert FULL_ID in page and "13800130000" in page
    logged = PersonalDataAccess.objects.exclude(action="identity_lookup").get()
    assert (logged.user, logged.case, logged.action) == (supervisor, case, "view_case")


def test_the_page_shows_parties_claims_deadlines_with_their_statute_and_the_timeline(login, register, supervisor):
    case = register(workers=2)
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert "张0" in page and "张1" in page and "某某服装有限公司" in page
    assert "¥18,600.00" in page
    assert "2026年11月5日" in page  # acceptance due: three working days after 2 November
    assert "MOHRSS Order No. 17" in page or "人力资源和社会保障部令第17号" in page
    assert 'id="timeline"' in page and "李志愿" in page


def test_only_the_actions_this_user_may_take_are_offered(login, register, volunteer, mediator, supervisor):
    case = register()
    pages = {u.username: login(u).get(f"/cases/{case.pk}/").content.decode() for u in (volunteer, mediator, supervisor)}
    assert 'id="action-accept"' not in pages["volunteer1"] and 'id="action-withdraw"' in pages["volunteer1"]
    assert 'id="action-accept"' in pages["mediator1"] and 'id="action-reject"' not in pages["mediator1"]
    assert 'id="action-accept"' in pages["supervisor1"] and 'id="action-reject"' in pages["supervisor1"]


def test_each_action_has_its_own_form_fields(login, register, supervisor):
    case = register()
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="id_reject_reason"' in page and 'id="id_withdraw_reason"' in page


def issued(case, kind, n):
    from casedesk.documents.models import GeneratedDocument

    return GeneratedDocument.objects.create(
        case=case, kind=kind, year=2026, serial=n, number=f"〔2026〕某工调字第{n:04d}号", version=1, sha256="0" * 64,
        size=1, pages=1, verification_code=f"code{n}", file_path=f"x/{n}.pdf", created_at=case.submitted_at,
    )


def test_the_documents_section_lists_issued_documents_with_their_download(login, register, supervisor):
    case = register()
    notice = issued(case, "acceptance_notice", 1)
    section = login(supervisor).get(f"/cases/{case.pk}/").content.decode().split('id="documents"', 1)[1]
    assert notice.number in section and f"/api/documents/{notice.pk}/pdf/" in section


def test_documents_with_personal_data_are_not_offered_to_a_volunteer(login, register, volunteer):
    case = register()
    agreement, notice = issued(case, "agreement", 2), issued(case, "acceptance_notice", 3)
    section = login(volunteer).get(f"/cases/{case.pk}/").content.decode().split('id="documents"', 1)[1]
    assert agreement.number in section and f"/api/documents/{agreement.pk}/pdf/" not in section
    assert f"/api/documents/{notice.pk}/pdf/" in section


def test_a_closed_cases_confirmation_deadline_no_longer_applies(login, agreed, walk, supervisor):
    """Closed without an application for judicial confirmation, the case page showed its deadline with
    no word, where the timeline says it no longer applies."""
    case = walk(agreed(), ("close", supervisor, {}))
    page = login(supervisor).get(f"/cases/{case.pk}/").content.decode()
    item = page.split("申请司法确认")[1].split("</li>")[0]
    assert "不再适用" in item

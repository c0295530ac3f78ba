"""The 文书 panel in a real browser: a mediator schedules a session and issues its notice, issues the
agreement for signature and a new version of the acceptance notice, and downloads them."""

import pytest
from playwright.sync_api import expect

from casedesk.cases import transitions
from casedesk.documents.models import GeneratedDocument

from ..conftest import AGREEMENT
from .conftest import download_text as download
from .conftest import issue_from_panel as issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mediator_issues_documents_from_the_case_page_and_downloads_them(desk, shoot, mediating, mediator):
    case = mediating()  # accepted on commit: its acceptance notice was issued then
    assert list(GeneratedDocument.objects.filter(case=case).values_list("kind", flat=True)) == ["acceptance_notice"]
    page = desk(mediator)
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#documents")
    expect(panel.locator("#document-acceptance_notice .version")).to_have_count(1)

    # The mediation notice: schedule the session it announces, then it is issued.
    page.click("#document-form-mediation_notice > summary")
    page.fill("#id_mediation_notice_scheduled_for", "2026-11-05T14:30")
    page.fill("#id_mediation_notice_place", "县总工会第二调解室")
    page.locator("#document-form-mediation_notice").scroll_into_view_if_needed()
    shoot(page, "case-documents-notice-form")
    with page.expect_navigation():
        page.click("#document-form-mediation_notice button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("调解通知书")
    expect(panel.locator("#document-mediation_notice .version")).to_have_count(1)
    text = download(page, "#document-mediation_notice .version a")
    assert "2026年11月5日14时30分" in text and "县总工会第二调解室" in text

    # 重新出具: a new version, listed first, with its number, date and who issued it.
    expect(page.locator("#document-acceptance_notice button[type=submit]")).to_have_text("重新出具")
    issue(page, "acceptance_notice")
    versions = panel.locator("#document-acceptance_notice .version")
    expect(versions).to_have_count(2)
    expect(versions.first).to_contain_text("第2版")
    expect(versions.first).to_contain_text("陈调解")

    # The agreement, to print for signature, once it is recorded.
    transitions.perform(case, "reach_agreement", mediator, **AGREEMENT)
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#document-agreement button[type=submit]")).to_have_text("出具")
    issue(page, "agreement")
    text = download(page, "#document-agreement .version a")
    assert "调解协议书" in text and "申请人张0（签名）" in text
    page.locator("#documents").scroll_into_view_if_needed()
    shoot(page, "case-documents-panel")

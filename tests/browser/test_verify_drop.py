"""A court clerk checks a PDF on the verification page: dropped or chosen, hashed in the browser
(nothing is uploaded), answered 一致 / 不一致, under the strict Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from casedesk.documents import storage
from casedesk.documents.rendering import render_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def issued(register, walk, mediator, tmp_path):
    """An issued acceptance notice, its file as issued, and a copy changed by one byte."""
    case = walk(register(), ("accept", mediator, {}))
    document = render_document(case, "acceptance_notice", mediator)
    original = storage.absolute(document.file_path)
    changed = tmp_path / "changed.pdf"
    data = bytearray(original.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    return document, original, changed


@pytest.fixture
def verify_page(browser, browser_context_args, live_server):
    contexts = []

    def _open(document):
        context = browser.new_context(**browser_context_args, base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        problems = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"/verify/{document.verification_code}/")
        expect(page.locator("#verify-kind")).to_have_text("受理通知书")
        return page, problems

    yield _open
    for context in contexts:
        context.close()


def requests_while(page, action):
    sent = []
    page.on("request", lambda request: sent.append(f"{request.method} {request.url}"))
    action()
    page.wait_for_timeout(300)
    return sent


def test_the_file_as_issued_reads_identical_and_nothing_is_sent(issued, verify_page):
    document, original, _changed = issued
    page, problems = verify_page(document)
    sent = requests_while(page, lambda: page.set_input_files("#verify-file", str(original)))
    expect(page.locator("#verify-result")).to_have_attribute("data-state", "match")
    expect(page.locator("#verify-result")).to_contain_text("一致：")
    expect(page.locator("#verify-result")).to_contain_text(document.sha256)
    assert sent == [] and problems == []


def test_a_changed_file_reads_not_identical(issued, verify_page):
    document, _original, changed = issued
    page, problems = verify_page(document)
    page.set_input_files("#verify-file", str(changed))
    expect(page.locator("#verify-result")).to_have_attribute("data-state", "mismatch")
    expect(page.locator("#verify-result")).to_contain_text("不一致")
    assert document.sha256 not in page.locator("#verify-result").inner_text() and problems == []


def test_a_file_dropped_on_the_page_is_checked_there(issued, verify_page):
    document, original, _changed = issued
    page, problems = verify_page(document)
    payload = list(original.read_bytes())
    sent = requests_while(page, lambda: page.evaluate(
        """bytes => {
            const file = new File([new Uint8Array(bytes)], "notice.pdf", {type: "application/pdf"});
            const data = new DataTransfer();
            data.items.add(file);
            document.querySelector("h1").dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
        }""", payload))
    expect(page.locator("#verify-result")).to_have_attribute("data-state", "match")
    assert sent == [] and problems == []


def test_the_fallback_hash_agrees_with_the_browsers_own(issued, verify_page):
    """Served over plain HTTP on another address, a browser has no crypto.subtle: the page's own SHA-256."""
    document, original, _changed = issued
    page, problems = verify_page(document)
    page.evaluate("() => { Object.defineProperty(window.crypto, 'subtle', {value: undefined}); }")
    page.set_input_files("#verify-file", str(original))
    expect(page.locator("#verify-result")).to_have_attribute("data-state", "match")
    assert problems == []

"""Every event kind and every key an event carries reads in words on every page, export and PDF
that shows a timeline: no code (`record_session`, `hotline_12351`, `previous_mediator`) and no bare
English key reaches the reader."""

import csv
import datetime
import io
import re
import subprocess
from html.parser import HTMLParser

import pytest
from django.db import transaction

from casedesk.cases import labels, steps, transitions
from casedesk.cases.models import Case, CaseEvent
from casedesk.documents.models import GeneratedDocument
from casedesk.documents.rendering import render_document

from ..conftest import AGREEMENT, COURT_REFERRAL

pytestmark = pytest.mark.django_db

RAW_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b", re.IGNORECASE)
ENGLISH_VALUE = re.compile(r"\b(None|True|False|null|true|false)\b")
INSTALMENTS = [{"due_on": "2026-11-15", "amount": "9300.00"}, {"due_on": "2026-11-30", "amount": "9300.00"}]
SESSION = {"held_at": "2026-11-02 09:00", "place": "县总工会调解室", "present": "双方当事人", "statements": "各自陈述。"}


def flag_overdue(case):
    """What the flow's timer writes when a deadline is missed (workflows.timers.flag_overdue)."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        steps.append(locked, "overdue", None, {"deadline": "mediation", "due": datetime.date(2026, 11, 1)})


@pytest.fixture
def every_event(register, walk, mediator, other_mediator, supervisor, volunteer):
    """Three cases whose chains hold every kind of event and every key an event carries."""
    court = register(channel="court_delegated", court_referral=COURT_REFERRAL)
    court = walk(court, ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}),
                 ("reassign", supervisor, {"mediator": other_mediator.pk, "reason": "回避"}),
                 ("extend", other_mediator, {"until": "2026-12-05", "reason": "双方同意", "parties_consent": True}))
    steps.record(court, "record_session", other_mediator, **SESSION)
    steps.record(court, "evidence_gathered", other_mediator, note="工资表三张")
    steps.record(court, "session_scheduled", other_mediator, scheduled_for="2026-11-05 14:30", place="调解室")
    steps.record(court, "employer_notified", other_mediator, notified_on="2026-11-02", means="phone")
    flag_overdue(court)
    steps.record(court, "overdue_reviewed", supervisor, note="已督促调解员")
    court = walk(court, ("record_failure", other_mediator, {"reason": "分歧较大"}), ("close", supervisor, {}))
    render_document(court, "court_feedback", supervisor)
    steps.record(court, "court_feedback_sent", supervisor, sent_on="2026-11-02", note="函件第1号")
    court = walk(court, ("reopen", supervisor, {"reason": "当事人要求"}),
                 ("assign", supervisor, {"mediator": mediator.pk}),
                 ("reach_agreement", mediator, {**AGREEMENT, "instalments": INSTALMENTS, "signed_on": "2026-11-02"}),
                 ("apply_confirmation", mediator, {"court": "某某县人民法院", "applied_on": "2026-11-02"}),
                 ("court_confirm", mediator, {"ruling_number": "（2026）某0101民特1号", "ruled_on": "2026-11-02"}),
                 ("close", supervisor, {"recovered_amount": "18600.00"}), ("archive", supervisor, {}))
    rejected = register(channel="hotline_12351")
    rejected = walk(rejected, ("reject", supervisor, {"reason": "不属于受理范围"}), ("close", supervisor, {}),
                    ("reopen", supervisor, {"reason": "补充材料"}), ("assign", supervisor, {"mediator": mediator.pk}),
                    ("reach_agreement", mediator, AGREEMENT),
                    ("apply_confirmation", mediator, {"court": "某某县人民法院", "applied_on": "2026-11-02"}),
                    ("court_reject", mediator, {"reason": "协议内容违法"}), ("close", supervisor, {}),
                    ("archive", supervisor, {}))
    withdrawn = register()
    withdrawn = walk(withdrawn, ("withdraw", volunteer, {"reason": "已自行和解"}), ("close", supervisor, {}),
                     ("archive", supervisor, {}))
    cases = [court, rejected, withdrawn]
    for case in cases:
        render_document(case, "case_file", supervisor)
    return cases


class VisibleText(HTMLParser):
    """The text a reader sees inside the element with `element_id` (markup and attributes left out)."""

    def __init__(self, element_id):
        super().__init__()
        self.element_id, self.depth, self.parts = element_id, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth or dict(attrs).get("id") == self.element_id:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def visible(html, element_id):
    parser = VisibleText(element_id)
    parser.feed(html)
    return " ".join(parser.parts)


def codes_in(text):
    keys = [key for key in labels.DATA_KEYS if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text, re.IGNORECASE)]
    return sorted(set(RAW_CODE.findall(text)) | set(ENGLISH_VALUE.findall(text)) | set(keys))


def test_the_cases_hold_every_event_kind_and_every_data_key(every_event):
    events = CaseEvent.objects.filter(case__in=every_event)
    assert {e.action for e in events} == set(labels.event_labels())
    assert set().union(*(e.data.keys() for e in events)) == set(labels.DATA_KEYS)


def test_every_event_is_declared_with_a_label_and_every_data_key_with_a_label(every_event):
    assert set(labels.event_labels()) == set(transitions.names()) | set(steps.STEPS)
    for key, declared in labels.DATA_KEYS.items():
        assert declared.shown in {*labels.CODES, "text", "money", "date", "datetime", "user", "count", "bool",
                                  "list", "instalments", "previous", "hidden"}, key


def test_the_case_page_timeline_reads_in_words(every_event, client, supervisor):
    client.force_login(supervisor)
    for case in every_event:
        text = visible(client.get(f"/cases/{case.pk}/").content.decode(), "timeline")
        assert codes_in(text) == [], case.number
        for event in CaseEvent.objects.filter(case=case):
            assert str(labels.event_label(event.action)) in text


def test_the_timeline_page_reads_in_words(every_event, client, supervisor):
    client.force_login(supervisor)
    for case in every_event:
        text = visible(client.get(f"/reports/cases/{case.pk}/timeline/").content.decode(), "timeline-items")
        assert text.strip() and codes_in(text) == [], case.number
        assert "其他信息" not in text and "其他事项" not in text


def test_the_timeline_csv_reads_in_words(every_event, client, supervisor):
    client.force_login(supervisor)
    for case in every_event:
        body = client.get(f"/reports/cases/{case.pk}/timeline.csv").content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body)))
        text = " ".join(cell for row in rows for cell in row[:-1])  # the last column is the hash
        assert codes_in(text) == [], case.number
        assert "18,600.00" in body or case != every_event[0]


def test_the_case_file_pdf_reads_in_words(every_event):
    for case in every_event:
        document = GeneratedDocument.objects.filter(case=case, kind="case_file").latest("version")
        from django.conf import settings

        out = subprocess.run(["pdftotext", str(settings.MEDIA_ROOT / document.file_path), "-"],
                             capture_output=True, check=True).stdout.decode()
        for code in GeneratedDocument.objects.filter(case=case).values_list("verification_code", flat=True):
            # A code (token_urlsafe: letters, digits, "-" and "_") may wrap across lines in the PDF.
            out = re.sub(r"\s*".join(map(re.escape, code)), "", out)
        assert codes_in(out) == [], case.number
        assert "记录调解笔录" in out or case != every_event[0]

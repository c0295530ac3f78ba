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
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from casedesk.cases import clock, identities, labels, steps, transitions
from casedesk.cases.models import Case, CaseEvent
from casedesk.documents.models import GeneratedDocument
from casedesk.documents.rendering import render_document
from casedesk.payments import services as payments
from casedesk.payments.models import Payment
from casedesk.portal import review
from casedesk.portal import services as portal_services
from casedesk.units import tree
from casedesk.units.models import Unit

from ..conftest import AGREEMENT, COURT_REFERRAL, id_number, registration_body

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


def move_deadline(case):
    """What loading a year's holiday schedule writes (casedesk.cases.calendar_schedule.recompute)."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        steps.append(locked, "deadline_moved", None, {
            "deadline": "mediation", "previous_due": datetime.date(2027, 1, 1), "due": datetime.date(2027, 1, 4),
            "year": 2027, "source": "国办发明电〔2026〕1号"})


@pytest.fixture
def every_event(register, walk, mediator, other_mediator, supervisor, volunteer):
    """Four cases whose chains hold every kind of event and every key an event carries."""
    court = register(channel="court_delegated", court_referral=COURT_REFERRAL)
    court = walk(court, ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}),
                 ("reassign", supervisor, {"mediator": other_mediator.pk, "reason": "回避"}),
                 ("extend", other_mediator, {"until": "2026-12-05", "reason": "双方同意", "parties_consent": True,
                                                  "long_extension_confirmed": True}))
    steps.record(court, "record_session", other_mediator, **SESSION)
    steps.record(court, "evidence_gathered", other_mediator, note="工资表三张")
    steps.record(court, "session_scheduled", other_mediator, scheduled_for="2026-11-05 14:30", place="调解室")
    steps.record(court, "employer_notified", other_mediator, notified_on="2026-11-02", means="phone")
    flag_overdue(court)
    move_deadline(court)
    steps.record(court, "overdue_reviewed", supervisor, note="已督促调解员")
    court = walk(court, ("record_failure", other_mediator, {
        "reason": "分歧较大", "employer_position": "被申请人认为工资已结清",
        "points_in_dispute": "一、加班工资的计算基数\n二、是否存在劳动关系"}), ("close", supervisor, {}))
    render_document(court, "court_feedback", supervisor)
    steps.record(court, "court_feedback_sent", supervisor, sent_on="2026-11-02", note="函件第1号")
    court = walk(court, ("reopen", supervisor, {"reason": "当事人要求"}),
                 ("assign", supervisor, {"mediator": mediator.pk}),
                 ("reach_agreement", mediator, {**AGREEMENT, "instalments": INSTALMENTS, "signed_on": "2026-11-02",
                                                 "above_claim_confirmed": True,
                                                "shares": [{"applicant": 1, "amount": "18600.00"}],
                                                "performance_method": "transfer", "payee_account": "6222021234567890123",
                                                "performance_place": "转账后将回单交调解员"}),
                 ("apply_confirmation", mediator, {"court": "某某县人民法院", "applied_on": "2026-11-02"}),
                 ("court_confirm", mediator, {"ruling_number": "（2026）某0101民特1号", "ruled_on": "2026-11-02"}))
    # Payments against the agreement: one naming its instalment, one reversed, one more than outstanding.
    payments.record_payment(court, mediator, paid_on="2026-11-02", amount="9300.00", method="transfer",
                            instalment=1, note="银行回单0001")
    payments.record_payment(court, mediator, paid_on="2026-11-02", amount="9300.00", method="cash")
    mistaken = Payment.objects.filter(case=court).latest("pk")
    payments.reverse_payment(court, supervisor, payment=mistaken.pk, reason="重复登记")
    # The second instalment missed: the employer contacted, then non-performance recorded past the grace period.
    with clock.frozen(datetime.date(2026, 12, 1)):
        steps.record(court, "performance_followed_up", mediator, contacted_on="2026-12-01", means="phone",
                     result="承诺一周内付清")
    with clock.frozen(datetime.date(2026, 12, 8)):
        steps.record(court, "record_non_performance", mediator, reason="催告后仍未支付")
    payments.record_payment(court, mediator, paid_on="2026-11-02", amount="9400.00", method="other",
                            overpayment_reason="含迟延履行补偿100元")
    steps.record(court, "return_visit", mediator, visited_on="2026-11-02", method="online", money_received=True,
                 satisfaction=4, note="款已到账")
    court = walk(court, ("close", supervisor, {}), ("archive", supervisor, {}))
    rejected = register(channel="transfer", referral={"body": "petitions", "reference_number": "某信转〔2026〕118号",
                                                      "referred_on": "2026-10-30"})
    station = Unit(name="某某镇职工维权服务站", parent=tree.root())
    station.save()
    steps.record(rejected, "transfer", supervisor, unit=station.pk, reason="由属地服务站办理")
    rejected = walk(rejected, ("reject", supervisor, {"reason": "不属于受理范围"}), ("close", supervisor, {}),
                    ("reopen", supervisor, {"reason": "补充材料"}), ("assign", supervisor, {"mediator": mediator.pk}),
                    ("reach_agreement", mediator, {**AGREEMENT, "performance_method": "cash",
                                                   "performance_place": "县总工会调解室"}),
                    ("apply_confirmation", mediator, {"court": "某某县人民法院", "applied_on": "2026-11-02"}),
                    ("court_reject", mediator, {"reason": "协议内容违法"}), ("close", supervisor, {}))
    steps.record(rejected, "referral_result_sent", supervisor, sent_on="2026-11-02", note="挂号信寄出")
    rejected = walk(rejected, ("archive", supervisor, {}))
    # A worker who holds the volunteer's own document, registered under another name than on record,
    # whose data is then corrected; the limitation suspended for a while.
    identities.record_staff_identity(user=volunteer, id_type="resident_id", id_number=id_number(0))
    withdrawn = register(category="contract_termination",
                         applicants=[{"name": "张零", "id_number": id_number(0), "phone": "13800130000",
                                      "employment_form": "contract", "name_confirmed": True}])
    steps.record(withdrawn, "limitation_suspended", supervisor, reason="申请人住院治疗", starts_on="2026-10-20",
                 ends_on="2026-10-25")
    steps.record(withdrawn, "correct_party", volunteer, party="applicant", applicant=1, field="phone",
                 value="13900001111", reason="当事人更换号码")
    steps.record(withdrawn, "correct_party", volunteer, party="employer", field="legal_representative",
                 value="刘某某", reason="补充法定代表人")
    steps.record(withdrawn, "correct_party", volunteer, party="claim", claim=1, field="amount", value="18000.00",
                 reason="金额笔误")
    withdrawn = walk(withdrawn, ("withdraw", volunteer, {"reason": "已自行和解"}), ("close", supervisor, {}),
                     ("archive", supervisor, {}))
    # An online application: the desk asks the worker for more, the worker answers with a file on /track/,
    # and a volunteer of the unit registers it (casedesk.portal.review).
    online = portal_services.submit(registration_body(channel="online", applicants=[{
        "name": "钱网申", "id_number": id_number(9), "phone": "13800139999", "employment_form": "platform"}]),
        files=[]).application
    steps.record(online.case, "ask_information", volunteer, request="请补充派单记录截图。")
    review.answer(online, text="截图已上传。", files=[SimpleUploadedFile("shot.pdf", b"%PDF-1.4\n%%EOF\n")])
    online_case = walk(online.case, ("accept", volunteer, {}), ("withdraw", supervisor, {"reason": "已自行和解"}),
                       ("close", supervisor, {}), ("archive", supervisor, {}))
    cases = [court, rejected, withdrawn, online_case]
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
                                  "list", "instalments", "shares", "previous", "corrected", "hidden"}, key


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
        out = re.sub(r"-\n", "-", out)  # a code under the QR code breaks between its groups
        for code in GeneratedDocument.objects.filter(case=case).values_list("verification_code", flat=True):
            # The code wraps in its narrow box: pdftotext gives it in pieces, a line break between them.
            out = re.sub(r"\s*".join(re.escape(char) for char in code), "", out)
        assert codes_in(out) == [], case.number
        assert "记录调解笔录" in out or case != every_event[0]

"""The worker's application for a payment order (支付令申请书, 劳动争议调解仲裁法 Art.16): issued by itself
once non-performance is recorded on a case that claims what the article names, read back from its PDF."""

import datetime
import os
import shutil

import pytest

from casedesk.cases import clock, steps
from casedesk.cases.errors import TransitionNotAllowed
from casedesk.documents import storage
from casedesk.documents.models import GeneratedDocument
from casedesk.documents.rendering import render_document
from casedesk.payments import services

from ..conftest import unchanged
from ..documents.conftest import pdf_text
from .conftest import payment

pytestmark = pytest.mark.django_db

PAST_GRACE = datetime.date(2026, 12, 8)
NOT_PERFORMED = {"reason": "多次电话催告，用人单位至今未支付剩余4300元。"}


@pytest.fixture
def unperformed(in_two, mediator, django_capture_on_commit_callbacks):
    """The scenario's case: the agreement issued, ¥14,300 paid, the second instalment missed, non-performance
    recorded past the grace period (the application issued after the commit)."""
    case = in_two()
    agreement = render_document(case, "agreement", mediator)
    services.record_payment(case, mediator, **payment(instalment="1"))
    services.record_payment(case, mediator, **payment(amount="5000.00"))
    with clock.frozen(PAST_GRACE), django_capture_on_commit_callbacks(execute=True):
        steps.record(case, "record_non_performance", mediator, **NOT_PERFORMED)
    return case, agreement


def test_the_application_is_issued_with_the_parties_agreement_and_amount_outstanding(unperformed):
    case, agreement = unperformed
    document = GeneratedDocument.objects.get(case=case, kind="payment_order_application")
    assert "令" in document.number
    text = pdf_text(storage.absolute(document.file_path))
    if os.environ.get("CASEDESK_KEEP_PDF"):  # to look at it: CASEDESK_KEEP_PDF=/tmp/x.pdf pytest …
        shutil.copy(storage.absolute(document.file_path), os.environ["CASEDESK_KEEP_PDF"])
    assert "支付令申请书" in text
    assert "张0" in text and "某某服装有限公司" in text  # the worker and the employer
    assert agreement.number in text and "2026年11月2日" in text  # the agreement's number and date
    assert "¥4,300.00" in text and "肆仟叁佰元整" in text  # outstanding, in figures and capitals
    assert "第十六条" in text and "劳动争议调解仲裁法" in text
    assert "2026年11月30日" in text  # the instalment missed


def test_the_guide_to_arbitration_names_the_commission_the_last_day_and_what_to_bring(unperformed):
    case, agreement = unperformed
    document = GeneratedDocument.objects.get(case=case, kind="arbitration_guide")
    assert "引" in document.number
    text = pdf_text(storage.absolute(document.file_path))
    if os.environ.get("CASEDESK_KEEP_PDF"):
        shutil.copy(storage.absolute(document.file_path), os.environ["CASEDESK_KEEP_PDF"] + ".guide.pdf")
    assert "仲裁申请指引" in text and "某某县劳动人事争议仲裁委员会" in text
    assert "第十五条" in text and "第二十七条" in text
    assert "2026年11月30日" in text and "2027年11月30日" in text  # counts from the instalment missed, one year
    assert agreement.number in text and "¥4,300.00" in text and "调解协议书" in text


def test_no_application_before_non_performance_is_recorded(in_two, mediator):
    case = in_two()
    with unchanged(case), pytest.raises(TransitionNotAllowed):
        render_document(case, "payment_order_application", mediator)


def test_no_application_for_a_claim_the_article_does_not_name(case_at, walk, mediator, django_capture_on_commit_callbacks):
    from casedesk.cases.choices import Status

    from .conftest import IN_TWO

    case = walk(case_at(Status.MEDIATING, claims=[{"kind": "social_insurance", "amount": "18600.00"}]),
                ("reach_agreement", mediator, IN_TWO))
    with clock.frozen(PAST_GRACE), django_capture_on_commit_callbacks(execute=True):
        steps.record(case, "record_non_performance", mediator, **NOT_PERFORMED)
    assert [d.kind for d in GeneratedDocument.objects.filter(case=case)] == ["arbitration_guide"]
    with unchanged(case), pytest.raises(TransitionNotAllowed) as refused:
        render_document(case, "payment_order_application", mediator)
    assert "仲裁" in str(refused.value.message) or "arbitration" in str(refused.value.message)

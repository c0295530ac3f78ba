"""The papers carry what the desk now asks for (issue 14): the workers' addresses, the employer's legal
representative and title, how and where the agreement is performed; a collective agreement stays
readable (one table of the workers, named signature lines, at most 4 pages for 12 workers)."""

import subprocess

import pytest

from casedesk.cases.errors import InvalidData
from casedesk.documents import storage
from casedesk.documents.rendering import render_document

from ..conftest import AGREEMENT, id_number, registration_body
from .conftest import pdf_text

pytestmark = pytest.mark.django_db

LEGAL = {"legal_representative": "刘建华", "legal_representative_title": "执行董事兼总经理"}
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"


def workers(count, **extra):
    return [{"name": f"{SURNAMES[n]}师傅{n + 1}", "id_number": id_number(n), "phone": f"1380013{n:04d}",
             "address": f"某某县梅江镇光明村{n + 1}组{n + 10}号", "employment_form": "informal", **extra}
            for n in range(count)]


def agreed_with(register, walk, mediator, supervisor, count, **agreement):
    body = registration_body(applicants=workers(count))
    case = register(applicants=body["applicants"], employer={**body["employer"], **LEGAL})
    return walk(case, ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}),
                ("reach_agreement", mediator, {**AGREEMENT, **agreement}))


def text_and_pages(document):
    path = storage.absolute(document.file_path)
    pages = int(next(line for line in subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                                                     check=True).stdout.splitlines() if line.startswith("Pages:"))
                .split()[1])
    return pdf_text(path), pages


def test_agreement_and_confirmation_application_carry_addresses_representative_and_performance(
        register, walk, mediator, supervisor):
    case = agreed_with(register, walk, mediator, supervisor, 2, performance_method="cash",
                       performance_place="某某县总工会职工维权服务中心", shares=[
                           {"applicant": 1, "amount": "10000.00"}, {"applicant": 2, "amount": "8600.00"}])
    agreement = pdf_text(storage.absolute(render_document(case, "agreement", mediator).file_path))
    case = walk(case, ("apply_confirmation", mediator, {"court": "某某县人民法院", "applied_on": "2026-11-02"}))
    application = pdf_text(storage.absolute(render_document(case, "confirmation_application", mediator).file_path))
    for worker in workers(2):
        assert worker["address"] in agreement, worker["name"]
        assert worker["address"] in application, worker["name"]
        assert f"申请人{worker['name']}（签名）" in agreement
    assert "法定代表人刘建华（执行董事兼总经理）" in agreement
    assert "法定代表人（主要负责人）：刘建华，职务：执行董事兼总经理" in application
    assert "履行方式及地点：现金当面支付，支付地点：某某县总工会职工维权服务中心" in agreement
    assert "其中申请人赵师傅1¥10,000.00、申请人钱师傅2¥8,600.00" in agreement
    assert "履行方式及地点：。" not in agreement and "住所：。" not in application  # no line left blank


def test_a_transfer_to_a_named_payee_account_is_printed_in_full_for_the_parties(register, walk, mediator, supervisor):
    case = agreed_with(register, walk, mediator, supervisor, 1, performance_method="transfer",
                       payee_account="6222 0212 3456 7890 123")
    text = pdf_text(storage.absolute(render_document(case, "agreement", mediator).file_path))
    assert "履行方式：银行转账，支付至收款账户（账号6222021234567890123）" in text


def test_a_transfer_without_any_account_is_refused(register, walk, mediator, supervisor):
    with pytest.raises(InvalidData) as refused:
        agreed_with(register, walk, mediator, supervisor, 1, performance_method="transfer")
    assert "payee_account" in refused.value.fields


def test_a_12_worker_agreement_is_one_table_named_signatures_and_at_most_4_pages(
        register, walk, mediator, supervisor, tmp_path):
    amounts = [f"{1000 + 100 * n}.00" for n in range(12)]
    total = f"{sum(1000 + 100 * n for n in range(12))}.00"
    case = register(applicants=[{**w, "bank_account": f"62220212{n:011d}"} for n, w in enumerate(workers(12))],
                    employer={**registration_body()["employer"], **LEGAL})
    case = walk(case, ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}),
                ("reach_agreement", mediator, {**AGREEMENT, "amount": total, "performance_method": "transfer",
                                               "shares": [{"applicant": n + 1, "amount": a}
                                                          for n, a in enumerate(amounts)]}))
    document = render_document(case, "agreement", mediator)
    text, pages = text_and_pages(document)

    assert pages <= 4 and document.pages == pages
    assert "申请人：赵师傅1等12人" in text
    assert text.count("某某县梅江镇光明村") == 12
    for worker in workers(12):
        assert f"申请人{worker['name']}（签名）" in text, worker["name"]
        assert worker["id_number"] in text
    assert "¥1,000.00" in text and "¥2,100.00" in text
    assert "分别支付至各申请人本人银行账户（账号见第一部分表格）" in text
    assert "本协议一式14份，各申请人、被申请人各执一份" in text
    # Looked at as a reader would: the pages as images (kept beside the test's files).
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(storage.absolute(document.file_path)),
                    str(tmp_path / "agreement")], check=True)
    assert len(list(tmp_path.glob("agreement*.png"))) == pages

"""Every statute the desk cites lives in casedesk.cases.statutes, with the law's full name; the bases
of the deadlines cite them correctly (issue 15, "Citations")."""

import re
import tokenize
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from casedesk.cases import deadlines, statutes

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+条|Arts?\. ?\d+")


def zh(value):
    with translation.override("zh-hans"):
        return str(value)


@pytest.mark.parametrize("number, text", [
    (3, "三"), (10, "十"), (14, "十四"), (27, "二十七"), (33, "三十三"), (85, "八十五"), (100, "一百"),
    (110, "一百一十"), (195, "一百九十五"), (203, "二百零三"), (205, "二百零五"), (1000, "一千"), (1005, "一千零五"),
])
def test_article_numbers_print_as_chinese_statutes_print_them(number, text):
    assert statutes.chinese_number(number) == text


def test_a_citation_names_the_law_in_full_with_its_articles_and_paragraphs():
    assert zh(statutes.cite(statutes.INTERRUPTION)) == "《中华人民共和国劳动争议调解仲裁法》第二十七条第二款"
    assert zh(statutes.cite(statutes.CONFIRMATION_PROCEDURE)) == "《中华人民共和国民事诉讼法》第二百零五条、第二百零六条"
    assert zh(statutes.cite(statutes.LIMITATION, statutes.WAGE_LIMITATION)) == (
        "《中华人民共和国劳动争议调解仲裁法》第二十七条第一款、第四款")
    assert zh(statutes.cite(statutes.INTERRUPTION, statutes.INTERRUPTION_RUNS_ANEW)) == (
        "《中华人民共和国劳动争议调解仲裁法》第二十七条第二款、《中华人民共和国民法典》第一百九十五条")
    with translation.override("en"):
        assert str(statutes.cite(statutes.LAST_DAY_A_HOLIDAY)) == "Civil Code of the People's Republic of China Art. 203"


def test_every_law_has_its_full_name_and_regulations_their_document_number():
    laws = {p.law for p in vars(statutes).values() if isinstance(p, statutes.Provision)}
    names = {zh(law.name) for law in laws}
    assert names == {
        "中华人民共和国劳动争议调解仲裁法", "中华人民共和国人民调解法", "中华人民共和国民法典", "中华人民共和国民事诉讼法",
        "企业劳动争议协商调解规定", "最高人民法院关于人民法院特邀调解的规定",
        "最高人民法院 中华全国总工会关于在部分地区开展劳动争议多元化解试点工作的意见",
    }
    numbers = {zh(law.name): zh(law.number) for law in laws if law.number}
    assert numbers == {
        "企业劳动争议协商调解规定": "人力资源和社会保障部令第17号",
        "最高人民法院关于人民法院特邀调解的规定": "法释〔2016〕14号",
        "最高人民法院 中华全国总工会关于在部分地区开展劳动争议多元化解试点工作的意见": "法〔2020〕55号",
    }


def test_the_court_period_cites_the_rule_it_rests_on_and_pairs_each_number_with_its_own_title():
    text = zh(deadlines.court_mediation_basis(30, date(2026, 10, 9)))
    assert "《最高人民法院关于人民法院特邀调解的规定》（法释〔2016〕14号）第二十七条" in text
    assert "委派调解的案件，调解期限为30日" in text
    assert "本案法院确定的调解期限为30日，自2026年10月9日即本会签收法院移交材料之日起计算" in text
    assert "《最高人民法院 中华全国总工会关于在部分地区开展劳动争议多元化解试点工作的意见》（法〔2020〕55号）" in text
    assert "委派调解机制的指导意见》（法〔2020〕55号）" not in text


def test_the_mediation_period_is_shown_as_the_two_rules_it_is():
    case = type("UnionCase", (), {"is_court_case": False})()
    text = zh(deadlines._mediation_basis(case))
    committee, right = text.split("；《")
    assert committee.startswith("《企业劳动争议协商调解规定》（人力资源和社会保障部令第17号）第二十九条")
    assert "自受理调解申请之日起15日内结束" in committee and "劳动争议调解仲裁法" not in committee
    assert right.startswith("中华人民共和国劳动争议调解仲裁法》第十四条第三款")
    assert "收到调解申请之日起十五日内未达成调解协议的，当事人可以依法申请仲裁" in right


@pytest.mark.django_db
def test_the_confirmation_basis_cites_the_2023_numbering_of_the_civil_procedure_law():
    text = zh(deadlines._confirmation(_agreed_case(), _agreement(), _reader(), date(2026, 11, 2)).basis)
    assert "《中华人民共和国人民调解法》第三十三条" in text
    assert "《中华人民共和国民事诉讼法》第二百零五条、第二百零六条" in text


def test_a_template_naming_an_unknown_provision_fails_loudly():
    with pytest.raises(LookupError):
        statutes.provision("NO_SUCH_RULE")
    with pytest.raises(LookupError):
        statutes.provision("LABOUR_DISPUTE_LAW")  # a law, not a provision


def _literals(path):
    """The string literals of a Python file that are values (docstrings and comments left out)."""
    previous = tokenize.NEWLINE
    with path.open("rb") as f:
        for token in tokenize.tokenize(f.readline):
            if token.type == tokenize.STRING and previous not in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT,
                                                                   tokenize.DEDENT, tokenize.ENCODING):
                yield token.start[0], token.string
            if token.type not in (tokenize.COMMENT, tokenize.NL):
                previous = token.type


def test_no_article_number_is_written_outside_the_statutes_module():
    """A renumbering is one edit: the code and the document templates cite through casedesk.cases.statutes."""
    found = []
    for path in [*(ROOT / "templates").rglob("*.html")]:
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if ARTICLE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{line_number}")
    for path in [*(ROOT / "casedesk").rglob("*.py"), *(ROOT / "workflows").rglob("*.py")]:
        if path.name == "statutes.py" or "migrations" in path.parts or path.name == "demo.py":
            continue  # demo.py: a mediator's words in a demo session record, not a citation
        found += [f"{path.relative_to(ROOT)}:{n}" for n, literal in _literals(path) if ARTICLE.search(literal)]
    assert found == []


# Small stand-ins: the basis reads only these attributes.


def _agreed_case():
    return type("AgreedCase", (), {"status": "agreed", "is_court_case": False})()


def _agreement():
    return type("Agreement", (), {"signed_on": date(2026, 10, 20), "confirmation_applied_on": None})()


def _reader():
    from casedesk.cases.calendar import Reader

    return Reader()


def test_a_basis_is_made_without_building_a_class_each_time():
    """lazy() builds a class on every call: a deadline list of 200 rows spent 40 ms building them. Each basis
    is an instance of one class made once, and still reads in the language it is shown in."""
    made = [statutes.stated(statutes.INTERRUPTION, applied="2026年11月2日") for _ in range(2)]
    made += [statutes.basis(statutes.stated(statutes.LIMITATION), "另") for _ in range(2)]
    made += [deadlines.court_mediation_basis(30, date(2026, 11, 2)) for _ in range(2)]
    assert type(made[0]) is type(made[1]) and type(made[2]) is type(made[3]) and type(made[4]) is type(made[5])
    assert zh(made[4]).startswith("《最高人民法院关于人民法院特邀调解的规定》") and "30日" in zh(made[4])
    with translation.override("en"):
        assert str(made[4]).startswith("Provisions of the Supreme People's Court")

"""Cases in the states each document needs, walked through the real transition service."""

import re
import subprocess

import pytest

AGREEMENT = {
    "terms": "一、被申请人于2026年11月30日前向申请人支付2026年7月至9月工资。\n二、申请人放弃其他请求，双方就本案再无争议。",
    "amount": "18600.00",
    "performance_due": "2026-11-30",
}
COURT_REFERRAL = {
    "court": "某某县人民法院",
    "court_case_number": "（2026）浙0101民诉前调88号",
    "kind": "pre_litigation",
    "referred_on": "2026-10-30",
}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The role fixtures hash a password each; PBKDF2 would cost more than rendering the PDF."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def mediating(register, walk, mediator, supervisor):
    def _mediating(**overrides):
        case = register(**overrides)
        return walk(case, ("accept", mediator, {}), ("assign", supervisor, {"mediator": mediator.pk}))

    return _mediating


@pytest.fixture
def agreed(mediating, walk, mediator):
    def _agreed(**overrides):
        return walk(mediating(**overrides), ("reach_agreement", mediator, AGREEMENT))

    return _agreed


@pytest.fixture
def court_case(mediating):
    def _court_case():
        return mediating(channel="court_delegated", court_referral=COURT_REFERRAL)

    return _court_case


def pdf_text(path_or_bytes):
    """The text pdftotext reads from a PDF, with all whitespace removed (CJK lines wrap anywhere)."""
    if isinstance(path_or_bytes, bytes):
        result = subprocess.run(["pdftotext", "-", "-"], input=path_or_bytes, capture_output=True, check=True)
    else:
        result = subprocess.run(["pdftotext", str(path_or_bytes), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", result.stdout.decode("utf-8"))


def pdf_fonts(path):
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    return result.stdout.splitlines()[2:]

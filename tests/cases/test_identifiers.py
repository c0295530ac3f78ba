from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from casedesk.cases import clock
from casedesk.cases import identifiers as ids

from ..conftest import TODAY

# Messages are lazy and would need settings to translate, so tests compare them by identity.

VALID_ID_NUMBERS = [
    "11010519491231002X",  # DOMAIN.md sample
    # 1·7+1·9+0+1·5+0+1·4+1·2+9·1+0+0+0+1·9+0+1·5+0+0+0 = 50; 50 mod 11 = 6 → "10X98765432"[6] = "6"
    "110101190001010006",
    "440305199001010018",
    "310101198512311234",
    "510107200002294564",  # 29 February of a leap year
    "350102197007077773",
]
VALID_USCCS = [
    "91350100M000100Y43",  # DOMAIN.md sample
    "000000000000000000",  # Σ = 0, so C = 31, which wraps to 0
    "91110108MA01ABCDEN",
    "12100000400012345P",
    "9144030071526726XG",
]
SAMPLE_ID = "11010519491231002X"
SAMPLE_USCC = "91350100M000100Y43"


@pytest.mark.parametrize("value", VALID_ID_NUMBERS)
def test_valid_id_number_is_accepted(value):
    assert ids.resident_id_error(value) is None
    ids.validate_resident_id(value)


def test_id_number_with_one_digit_changed_is_refused():
    assert ids.resident_id_error("11010519491231003X") is ids.ID_CHECK_MESSAGE


def test_id_number_with_wrong_check_character_is_refused():
    assert ids.resident_id_error("110105194912310021") is ids.ID_CHECK_MESSAGE


def test_id_number_with_x_before_the_last_place_is_refused():
    assert ids.resident_id_error("1101051949123100X2") is ids.ID_FORMAT_MESSAGE


@pytest.mark.parametrize("value", ["", "11010519491231002", "11010519491231002X0", "11010519491231A02X", None])
def test_id_number_of_wrong_length_or_characters_is_refused(value):
    assert ids.resident_id_error(value) is ids.ID_FORMAT_MESSAGE


def test_id_number_with_lowercase_x_is_accepted_after_normalizing():
    assert ids.resident_id_error("11010519491231002x") is ids.ID_FORMAT_MESSAGE
    assert ids.resident_id_error(ids.normalize_identifier("11010519491231002x")) is None


@pytest.mark.parametrize(
    "value",
    [
        "110105194902300020",  # 30 February
        "110105190002290025",  # 1900 was not a leap year
        "110105194913310021",  # month 13
        "110105189912310023",  # before 1900
    ],
)
def test_id_number_with_impossible_birth_date_is_refused(value):
    assert ids.resident_id_error(value) is ids.ID_BIRTH_DATE_MESSAGE


def test_id_number_with_future_birth_date_is_refused():
    value = ids.make_resident_id("110105", clock.today() + timedelta(days=2), 2)
    assert ids.resident_id_error(value) is ids.ID_BIRTH_DATE_MESSAGE


def test_a_birth_date_is_in_the_future_by_the_desks_clock_not_the_machines():
    born = date(2021, 6, 1)
    value = ids.make_resident_id("110105", born, 2)
    with clock.frozen(date(2020, 1, 1)):
        assert ids.resident_id_error(value) is ids.ID_BIRTH_DATE_MESSAGE
    with clock.frozen(born):
        assert ids.resident_id_error(value) is None


def test_id_number_of_someone_born_today_is_accepted():
    today = date(2024, 5, 20)
    value = ids.make_resident_id("110105", today, 2)
    assert ids.resident_id_error(value, today=today) is None
    assert ids.resident_id_error(value, today=today - timedelta(days=1)) is ids.ID_BIRTH_DATE_MESSAGE


def test_validate_resident_id_raises_with_code():
    with pytest.raises(ValidationError) as excinfo:
        ids.validate_resident_id("11010519491231003X")
    assert excinfo.value.code == "invalid_id_number"
    assert excinfo.value.message is ids.ID_CHECK_MESSAGE


def test_birth_date_is_read_from_id_number():
    assert ids.birth_date_from_resident_id(SAMPLE_ID) == date(1949, 12, 31)


def test_birth_date_of_invalid_id_number_is_refused():
    with pytest.raises(ValidationError):
        ids.birth_date_from_resident_id("11010519491231003X")


def test_full_width_characters_are_normalized():
    assert ids.normalize_identifier("１１０１０５１９４９１２３１００２ｘ") == SAMPLE_ID
    assert ids.normalize_identifier("０５７１－８８８８８８８８") == "0571-88888888"


def test_full_width_digits_are_refused_unless_normalized():
    assert ids.resident_id_error("１１０１０５１９４９１２３１００２Ｘ") is ids.ID_FORMAT_MESSAGE


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"])
def test_zero_width_characters_are_removed(invisible):
    assert ids.normalize_identifier(f"110105{invisible}19491231002X") == SAMPLE_ID


def test_spaces_are_removed_and_letters_upper_cased():
    assert ids.normalize_identifier("  110105 1949 1231 002x\u3000") == SAMPLE_ID
    assert ids.normalize_identifier("91350100m000100y43\n") == SAMPLE_USCC


def test_normalizing_nothing_gives_empty_string():
    assert ids.normalize_identifier("") == ""
    assert ids.normalize_identifier(None) == ""


@pytest.mark.parametrize("value", VALID_USCCS)
def test_valid_uscc_is_accepted(value):
    assert ids.uscc_error(value) is None
    ids.validate_uscc(value)


def test_uscc_with_wrong_check_character_is_refused():
    assert ids.uscc_error("91350100M000100Y44") is ids.USCC_CHECK_MESSAGE


def test_uscc_with_one_character_changed_is_refused():
    assert ids.uscc_error("91350100M000200Y43") is ids.USCC_CHECK_MESSAGE


@pytest.mark.parametrize("letter", "IOZSV")
def test_uscc_with_letter_outside_its_alphabet_is_refused(letter):
    assert ids.uscc_error(f"91350100{letter}000100Y43") is ids.USCC_FORMAT_MESSAGE


@pytest.mark.parametrize("value", ["", "91350100M000100Y4", "91350100M000100Y433", "91350100m000100y43", None])
def test_uscc_of_wrong_length_or_characters_is_refused(value):
    assert ids.uscc_error(value) is ids.USCC_FORMAT_MESSAGE


def test_validate_uscc_raises_with_code():
    with pytest.raises(ValidationError) as excinfo:
        ids.validate_uscc("91350100M000100Y44")
    assert excinfo.value.code == "invalid_uscc"


@pytest.mark.parametrize(
    "value", ["13800138000", "19912345678", "0571-88888888", "057188888888", "010-1234567", "0571-88888888-123456"]
)
def test_mobile_and_landline_numbers_are_accepted(value):
    assert ids.mobile_error(value) is None


@pytest.mark.parametrize(
    "value",
    ["", None, "12800138000", "1380013800", "138001380001", "571-88888888", "0571-888888", "0571-88888888-1234567"],
)
def test_malformed_phone_number_is_refused(value):
    assert ids.mobile_error(value) is ids.PHONE_MESSAGE


def test_phone_number_with_spaces_is_accepted_after_normalizing():
    assert ids.mobile_error(ids.normalize_identifier("138 0013 8000")) is None


def test_validate_phone_raises_with_code():
    with pytest.raises(ValidationError) as excinfo:
        ids.validate_phone("12345")
    assert excinfo.value.code == "invalid_phone"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (SAMPLE_ID, "110105********002X"),
        ("E12345678", "E1*****78"),  # passport
        ("ABCDE", "AB*DE"),
        ("ABCD", "****"),
        ("", ""),
        (None, ""),
    ],
)
def test_id_number_is_masked(value, masked):
    assert ids.mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("13800138000", "138****8000"), ("0571-88888888", "*********8888"), ("1234", "****"), ("", ""), (None, "")],
)
def test_phone_number_is_masked(value, masked):
    assert ids.mask_phone(value) == masked


@pytest.mark.parametrize(("area", "order"), [("11010", 1), ("11010A", 1), ("110105", -1), ("110105", 1000)])
def test_make_resident_id_refuses_bad_parts(area, order):
    with pytest.raises(ValueError):
        ids.make_resident_id(area, date(1990, 1, 1), order)


def test_make_uscc_refuses_bad_body():
    with pytest.raises(ValueError):
        ids.make_uscc("91350100O000100Y4")


def test_make_helpers_reproduce_the_samples():
    assert ids.make_resident_id("110105", date(1949, 12, 31), 2) == SAMPLE_ID
    assert ids.make_uscc(SAMPLE_USCC[:17]) == SAMPLE_USCC


areas = st.text(alphabet="0123456789", min_size=6, max_size=6)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY - timedelta(days=1))
orders = st.integers(min_value=0, max_value=999)
uscc_bodies = st.text(alphabet=ids.USCC_ALPHABET, min_size=17, max_size=17)


@given(areas, birth_dates, orders)
def test_made_resident_id_is_valid(area, birth, order):
    value = ids.make_resident_id(area, birth, order)
    assert ids.resident_id_error(value) is None
    assert ids.birth_date_from_resident_id(value) == birth


@given(areas, birth_dates, orders, st.integers(min_value=0, max_value=17), st.data())
def test_any_single_substitution_in_resident_id_is_detected(area, birth, order, position, data):
    value = ids.make_resident_id(area, birth, order)
    choices = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in choices if c != value[position]]))
    changed = value[:position] + replacement + value[position + 1 :]
    assert ids.resident_id_error(changed) is not None


@given(uscc_bodies)
def test_made_uscc_is_valid(body):
    assert ids.uscc_error(ids.make_uscc(body)) is None


@given(uscc_bodies, st.integers(min_value=0, max_value=17), st.data())
def test_any_single_substitution_in_uscc_is_detected(body, position, data):
    value = ids.make_uscc(body)
    replacement = data.draw(st.sampled_from([c for c in ids.USCC_ALPHABET if c != value[position]]))
    changed = value[:position] + replacement + value[position + 1 :]
    assert ids.uscc_error(changed) is ids.USCC_CHECK_MESSAGE

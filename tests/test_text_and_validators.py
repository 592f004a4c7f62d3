import pytest
from django.core.exceptions import ValidationError

from ocop.core.text import fold, fold_key, fold_place, nfc
from ocop.core.validators import gtin_check_digit, is_valid_gtin, validate_gtin, validate_tax_code


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Nước mắm Sông Đốc") == "nuoc mam song doc"
    assert fold("  ĐẶC   SẢN ") == "dac san"


def test_fold_key_ignores_case_spaces_and_punctuation():
    assert fold_key("Tên sản phẩm") == fold_key("TEN SAN PHAM") == fold_key("tên_sản-phẩm") == "tensanpham"


def test_fold_place_drops_administrative_prefixes():
    assert fold_place("Tỉnh Cà Mau") == "ca mau"
    assert fold_place("TP. Cần Thơ") == "can tho"
    assert fold_place("Thành phố Hồ Chí Minh") == "ho chi minh"
    assert fold_place("Xã Tân Lộc") == "tan loc"


def test_nfc_composes_decomposed_vietnamese():
    decomposed = "Cà Mau".replace("à", "a\u0300")
    assert nfc(decomposed) == "Cà Mau"


@pytest.mark.parametrize("code", ["8934563138165", "4006381333931", "96385074", "036000291452"])
def test_valid_gtins_pass(code):
    assert is_valid_gtin(code)
    validate_gtin(code)


def test_gtin_with_wrong_check_digit_is_refused_with_the_right_digit():
    with pytest.raises(ValidationError) as excinfo:
        validate_gtin("8934563138166")
    assert excinfo.value.code == "gtin_check"
    assert gtin_check_digit("893456313816") == 5


@pytest.mark.parametrize("code", ["12345", "893456313816A", "123456789"])
def test_gtin_with_wrong_length_or_letters_is_refused(code):
    with pytest.raises(ValidationError):
        validate_gtin(code)


@pytest.mark.parametrize("code", ["0101234567", "0101234567-001", "079123456789", "0101 234 567"])
def test_tax_codes_in_official_shapes_pass(code):
    validate_tax_code(code)


@pytest.mark.parametrize("code", ["12345", "01012345678", "0101234567-01", "MST0101234"])
def test_malformed_tax_codes_are_refused(code):
    with pytest.raises(ValidationError):
        validate_tax_code(code)

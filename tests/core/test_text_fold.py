"""fold() takes a short way for Vietnamese and other Latin text; it must give exactly what the general way gives."""

import random
import re
import unicodedata

from ocop.core.text import fold, nfc

_SPACES = re.compile(r"\s+")


def reference_fold(value: str) -> str:
    """The definition: decompose, drop the marks, đ → d, letters and digits single-spaced."""
    text = unicodedata.normalize("NFD", (value or "").lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("ð", "d")
    return _SPACES.sub(" ", re.sub(r"[^0-9a-z]+", " ", text)).strip()


def test_fold_equals_the_definition_for_every_character_of_the_basic_plane():
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        for text in (ch, f"a{ch}b", f"ắ{ch}", f"{ch}\u0301Đ"):
            assert fold(text) == reference_fold(text), (hex(code), text)


def test_fold_equals_the_definition_for_random_vietnamese_and_latin_text():
    rng = random.Random(17)
    alphabet = [chr(c) for c in [*range(0x250), *range(0x1E00, 0x1F00), *range(0x300, 0x370)]] + list("ĐđƠơƯư İKÅǅﬁＡ")
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert fold(text) == reference_fold(text), text
    assert fold("Hợp tác xã Nông nghiệp Tân Phú Đông số 12") == "hop tac xa nong nghiep tan phu dong so 12"
    assert fold(None) == "" and fold("  ") == ""


def test_nfc_collapses_the_same_whitespace_as_the_regular_expression():
    for code in range(0x3000 + 1):
        ch = chr(code)
        for text in (ch, f"a{ch}b", f" {ch}{ch}x "):
            assert nfc(text) == _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip(), hex(code)
    assert nfc("  Hợp\u00a0tác   xã \t") == "Hợp tác xã" and nfc(None) == ""

"""Text helpers for Vietnamese: NFC normalisation and diacritic-free folding for matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Unicode NFC with collapsed whitespace: the one form we store."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())  # split(): the whitespace of \s


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _fold_general(text: str) -> str:
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("ð", "d")
    text = _NOT_ALNUM.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _decomposes_to_ascii(ch: str) -> bool:
    base = unicodedata.normalize("NFD", ch)
    return base[0].isascii() and all(unicodedata.category(mark) == "Mn" for mark in base[1:])


# Lower-case text of ASCII, "đ"/"ð" and the Latin letters that decompose into an ASCII letter and marks (all of
# Vietnamese) folds the short way: its marks are the only non-ASCII characters once decomposed. The result is the
# general way's (tests/core/test_text_fold.py compares them on every character).
_SHORT = re.compile("[\x00-\x7fđð" + "".join(
    chr(code) for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    if chr(code).islower() and _decomposes_to_ascii(chr(code))
) + "]*")


def fold(value: str) -> str:
    """Lower-case, strip diacritics (đ → d included), keep letters and digits single-spaced.

    "Tỉnh Cà Mau" → "tinh ca mau"; used for matching names typed in any spelling.
    """
    text = (value or "").lower()
    if text.isascii():
        return _NOT_ALNUM.sub(" ", text).strip()
    if _SHORT.fullmatch(text):
        text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("ð", "d"))
        return _NOT_ALNUM.sub(" ", text.encode("ascii", "ignore").decode("ascii")).strip()
    return _fold_general(text)


def words(value: str, *, max_chars: int = 200, max_words: int = 8) -> list[str]:
    """The folded words of a typed query (cut to a sane length): "Nước mắm, Cà Mau!" → ["nuoc", "mam", "ca", "mau"]."""
    return fold((value or "")[:max_chars]).split()[:max_words]


def fold_key(value: str) -> str:
    """fold() without spaces: for column headers ("Tên sản phẩm" == "ten san pham" == "TENSANPHAM")."""
    return fold(value).replace(" ", "")


_PLACE_PREFIXES = re.compile(
    r"^(thanh pho truc thuoc trung uong|thanh pho|tinh|tp|xa|phuong|thi tran|dac khu|huyen|quan|thi xa)\s+"
)


def fold_place(value: str) -> str:
    """fold() without the administrative prefix: "TP. Cần Thơ" → "can tho", "Xã Tân Lộc" → "tan loc"."""
    folded = fold(value)
    previous = None
    while previous != folded:
        previous = folded
        folded = _PLACE_PREFIXES.sub("", folded)
    return folded

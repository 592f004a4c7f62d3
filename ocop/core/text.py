"""Text helpers for Vietnamese: NFC normalisation and diacritic-free folding for matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Unicode NFC with collapsed whitespace: the one form we store."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


def fold(value: str) -> str:
    """Lower-case, strip diacritics (đ → d included), keep letters and digits single-spaced.

    "Tỉnh Cà Mau" → "tinh ca mau"; used for matching names typed in any spelling.
    """
    text = unicodedata.normalize("NFD", (value or "").lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("ð", "d")
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return _SPACES.sub(" ", text).strip()


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

import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "ocop" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_vietnamese_translation_and_none_is_a_guess():
    blocks = PO.read_text(encoding="utf-8").split("\n\n")[1:]
    assert blocks, "the catalogue is empty"
    untranslated = [b for b in blocks if re.search(r'^msgstr(\[0\])? ""\s*$', b, re.M)]
    fuzzy = [b for b in blocks if "#, fuzzy" in b or ", fuzzy" in b]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]


def test_the_compiled_catalogue_is_in_use():
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext("Dashboard") == "Tổng quan"
        assert translation.ngettext("%(n)s product", "%(n)s products", 5) % {"n": 5} == "5 sản phẩm"

"""Fill a .po file's empty msgstr from a TSV of "msgid<TAB>translation" lines.

Usage: python tools/fill_po.py ocop/locale/vi/LC_MESSAGES/django.po tools/vi.tsv [tools/vi/*.tsv ...]
Several TSVs may be given (one per area of work, so parallel changes do not meet in one file); later ones win.
Plural entries take the translation of the singular msgid (Vietnamese has one form).
Prints the msgids still untranslated; exits 1 if any remain.
"""

import re
import sys


def unquote(block: str) -> str:
    joined = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), joined)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(po_path: str, *tsv_paths: str) -> int:
    table = {}
    for tsv_path in tsv_paths:
        for line in open(tsv_path, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                key, _sep, value = line.rstrip("\n").partition("\t")
                table[key] = value
    text = open(po_path, encoding="utf-8").read()
    text = text.replace('"Plural-Forms: nplurals=1; plural=0;\\n"', '"Plural-Forms: nplurals=1; plural=0;\\n"')
    blocks = text.split("\n\n")
    blocks[0] = blocks[0].replace("#, fuzzy\n", "").replace("Language: \\n", "Language: vi\\n")
    missing = []
    for i, block in enumerate(blocks):
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not m or i == 0:
            continue
        msgid = unquote(m.group(1))
        translation = table.get(msgid)
        fuzzy = re.search(r"^#,.*\bfuzzy\b", block, re.M) is not None
        if fuzzy:  # msgmerge's guess from a similar string: never trusted
            block = re.sub(r"^#\| .*\n", "", block, flags=re.M)
            block = re.sub(r"^#, fuzzy\n", "", block, flags=re.M)
            block = re.sub(r"^(#,.*?)fuzzy, ", r"\1", block, flags=re.M)
            if "msgid_plural" in block:
                block = re.sub(r'msgstr\[0\] ".*"(\n".*")*', 'msgstr[0] ""', block)
            else:
                block = re.sub(r'^msgstr ".*"(\n".*")*', 'msgstr ""', block, flags=re.M)
        if "msgid_plural" in block:  # Vietnamese has one form: msgstr[0] only (msgfmt refuses more)
            block = re.sub(r'\nmsgstr\[[1-9]\] ".*"(\n".*")*', "", block)
            if translation is None:
                missing.append(msgid)
                continue
            block = re.sub(r'msgstr\[0\] ".*"(\n".*")*', "msgstr[0] " + quote(translation), block)
        else:
            if re.search(r'^msgstr ""\s*$', block, re.M) is None and 'msgstr ""\n"' not in block:
                continue  # already translated
            if translation is None:
                missing.append(msgid)
                continue
            block = re.sub(r'^msgstr ""(\n".*")*', "msgstr " + quote(translation), block, flags=re.M)
        block = block.replace("#, fuzzy\n", "")
        blocks[i] = block
    open(po_path, "w", encoding="utf-8").write("\n\n".join(blocks))
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

"""What kind of spreadsheet an upload is, judged by its content, not its name."""

import io
import zipfile

from django.utils.translation import gettext as _


class FileProblem(ValueError):
    """The file as a whole cannot be read; nothing is imported."""


def detect_kind(data: bytes, filename: str = "") -> str:
    if not data or not data.strip():
        raise FileProblem(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise FileProblem(_("The file is not a readable Excel workbook (.xlsx): it may be damaged.")) from None
        if "xl/workbook.xml" not in names:
            raise FileProblem(_("The file is a ZIP archive but not an Excel workbook (.xlsx)."))
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem(_("Old Excel files (.xls) are not supported: save the sheet as .xlsx or .csv."))
    head = data[:2048]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(_("The file is neither an Excel workbook (.xlsx) nor a CSV file."))
    if head.lstrip().startswith((b"%PDF", b"<?xml", b"<html", b"<!DOCTYPE", b"MZ", b"\x7fELF")):
        raise FileProblem(_("The file is neither an Excel workbook (.xlsx) nor a CSV file."))
    return "csv"

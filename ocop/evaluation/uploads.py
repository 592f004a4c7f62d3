"""What an uploaded file really is, from its first bytes: PDF, JPEG, PNG, DOCX or XLSX only."""

import io
import zipfile

from ocop.core.archives import check_archive

MAX_BYTES = 10 * 1024 * 1024


class UploadRefused(ValueError):
    pass


def sniff(head: bytes, data: bytes) -> tuple[str, str] | None:
    """(content type, extension) for an accepted file, else None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
    return None


def check(upload) -> tuple[bytes, str, str]:
    from django.utils.translation import gettext as _

    if upload.size > MAX_BYTES:
        raise UploadRefused(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    data = upload.read()
    found = sniff(data[:16], data)
    if found is None:
        raise UploadRefused(_("Only PDF, JPEG, PNG, DOCX or XLSX files are accepted (checked by their content)."))
    if found[1] in (".docx", ".xlsx"):
        check_archive(data, refuse=UploadRefused)
    return data, *found

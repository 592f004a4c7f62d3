"""Zip-based uploads are checked before any parser opens them: bombs, escaping names, nested archives and lying
directories are refused quickly with a message that names the problem; ordinary .xlsx and .docx files pass."""

import io
import stat
import struct
import time
import tracemalloc
import warnings
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ocop.core.archives import ArchiveRefused, Limits, check_archive
from ocop.imports.reader import FileProblem, read_sheet
from ocop.plans.xlsx_import import parse_targets_workbook

from ..conftest import GOOD_ROWS, xlsx_bytes

ROW = b'<row><c t="inlineStr"><is><t>OCOP</t></is></c></row>' * 20_000
SHELL = {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}


def _zip(entries: dict, **kw) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name: that is the point
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **kw) as archive:
            for name, content in entries.items() if isinstance(entries, dict) else entries:
                if isinstance(name, zipfile.ZipInfo):
                    name.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """An .xlsx of under a megabyte whose sheet unpacks to 300 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in SHELL.items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(300 * 1024 * 1024 // len(ROW)):
                sheet.write(ROW)
    assert len(buffer.getvalue()) < 1024 * 1024
    return buffer.getvalue()


def _refused(data, limits=Limits()) -> str:
    """The refusal, in English (the wired-in tests below read it in Vietnamese, the default)."""
    with translation.override("en"), pytest.raises(ArchiveRefused) as caught:
        check_archive(data, limits)
    return str(caught.value)


def test_a_zip_bomb_is_refused_at_once_without_unpacking(bomb):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = _refused(bomb)
        elapsed, peak = time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == "The file unpacks to more than 256 MB; at most 256 MB are accepted."
    assert elapsed < 0.5 and peak < 2 * 1024 * 1024


def test_the_register_import_refuses_the_bomb_in_vietnamese(bomb):
    with translation.override("vi"), pytest.raises(FileProblem) as caught:
        read_sheet(bomb, "so-ocop.xlsx")
    assert str(caught.value) == "Tệp khi giải nén vượt quá 256 MB; chỉ chấp nhận tối đa 256 MB."


def test_plan_targets_refuse_the_bomb_with_a_lower_limit(bomb):
    with translation.override("vi"):
        targets, problems = parse_targets_workbook(bomb)
    assert targets == {} and problems == [(0, "Tệp khi giải nén vượt quá 20 MB; chỉ chấp nhận tối đa 20 MB.")]


def test_a_small_bomb_is_refused_for_its_ratio_naming_the_entry():
    data = _zip({**SHELL, "xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)})
    message = _refused(data)
    assert message.startswith("“xl/worksheets/sheet1.xml” in the file is compressed ")
    assert message.endswith("times, more than the 100 times accepted (a “zip bomb”).")


@pytest.mark.parametrize("name", ["../../etc/cron.d/ocop", "xl/../../evil.xml", "/etc/passwd", "C:\\Windows\\evil.dll",
                                  "..\\evil.xml"])
def test_an_entry_pointing_outside_the_archive_is_refused(name):
    message = _refused(_zip({**SHELL, name: "<x/>"}))
    assert message.endswith("in the file points outside it (an absolute path or “..”).")
    assert message.startswith("“" + name.replace("\x00", "?"))


def test_nested_archives_are_refused_by_name_and_by_content():
    inner = _zip({"a.txt": "a"})
    assert "archives inside archives" in _refused(_zip({**SHELL, "word/embeddings/sheet.xlsx": inner}))
    message = _refused(_zip({**SHELL, "xl/media/image1.png": inner}))
    assert message == "“xl/media/image1.png” in the file is itself an archive; archives inside archives are not accepted."


def test_too_many_entries_links_twins_and_encryption_are_refused():
    many = _zip({f"xl/{i}.xml": "<x/>" for i in range(1_001)})
    assert _refused(many) == "The file holds 1001 entries; at most 1000 are accepted."
    link = zipfile.ZipInfo("xl/link.xml")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert _refused(_zip([*SHELL.items(), (link, "/etc/passwd")])) == "“xl/link.xml” in the file is a symbolic link."
    assert _refused(_zip([*SHELL.items(), ("xl/workbook.xml", "<other/>")])) == "“xl/workbook.xml” appears twice in the file."
    secret = _patch(_zip({**SHELL, "xl/secret.xml": "x"}), "xl/secret.xml", "flags", 0x1)
    assert _refused(secret) == "“xl/secret.xml” in the file is encrypted."


def _patch(data: bytes, name: str, field: str, value: int) -> bytes:
    """The archive with one field of one entry rewritten in its local header and in the central directory."""
    local, central, form = {"flags": (6, 8, "<H"), "size": (22, 24, "<I")}[field]
    data = bytearray(data)
    struct.pack_into(form, data, zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name).header_offset + local, value)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == name.encode():
            struct.pack_into(form, data, at + central, value)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def test_a_directory_that_understates_an_entry_is_damaged():
    lying = _patch(_zip({**SHELL, "xl/worksheets/sheet1.xml": ROW * 20}), "xl/worksheets/sheet1.xml", "size", 1000)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    assert _refused(lying) == "“xl/worksheets/sheet1.xml” in the file is damaged."
    assert _refused(b"PK\x03\x04 not really a zip") == "The file is not a readable archive: it may be damaged."


def test_ordinary_workbooks_and_documents_pass():
    names = {info.filename for info in check_archive(xlsx_bytes(GOOD_ROWS))}
    assert "xl/workbook.xml" in names
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Phiếu đăng ký sản phẩm OCOP")
    document.save(buffer)
    assert "word/document.xml" in {info.filename for info in check_archive(buffer.getvalue())}
    assert len(list(read_sheet(xlsx_bytes(GOOD_ROWS), "r.xlsx").rows)) == len(GOOD_ROWS)


@pytest.mark.django_db
def test_uploads_through_the_pages_and_the_api_are_refused_with_the_reason(client, users, token_for, bomb):
    from docx import Document

    from ocop.recognitions.models import Recognition

    client.force_login(users["central"])
    page = client.post("/imports/", {"file": SimpleUploadedFile("so-ocop.xlsx", bomb)}, follow=True).content.decode()
    assert "Tệp khi giải nén vượt quá 256 MB" in page and not Recognition.objects.exists()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['producer'])}"}
    refused = client.post("/api/v1/documents", {"file": SimpleUploadedFile("bang-tinh.xlsx", bomb),
                                                "kind": "registration_form", "title": "Bảng tính"}, **auth)
    assert refused.status_code == 400 and "256 MB" in refused.content.decode()
    buffer = io.BytesIO()
    Document().save(buffer)
    accepted = client.post("/api/v1/documents", {"file": SimpleUploadedFile("phieu.docx", buffer.getvalue()),
                                                 "kind": "registration_form", "title": "Phiếu"}, **auth)
    assert accepted.status_code == 201

"""The open data's files made once per version of the register (issue 16.2, 17): a download is a stored file;
a change of the register (a new recognition, a renamed product) gives new files; while one process makes them,
the others send the previous version instead of building the same file again."""

import datetime as dt
import io
import json

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from ocop.catalogue import opendata_files
from ocop.core import downloads as made_once

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def writes(monkeypatch):
    made = []
    real = made_once.make_file

    def counting(name, write):
        made.append(name)
        return real(name, write)

    monkeypatch.setattr(made_once, "make_file", counting)
    return made


@pytest.fixture
def register(province):
    producer = make_producer(province, name="HTX Trà Thái Nguyên")
    recognise(make_product(producer, name="Trà Tân Cương"), stars=4, day=TODAY - dt.timedelta(days=20))
    return producer


def test_each_file_is_made_once_per_version_and_sent_stored(client, register, writes):
    first = client.get("/open-data/register.csv")
    assert first.status_code == 200 and "Trà Tân Cương" in _body(first).decode("utf-8-sig")
    again = client.get("/open-data/register.csv")
    assert again["ETag"] == first["ETag"] and len(writes) == 1 and again["X-License"].startswith("CC BY")
    assert client.get("/open-data/register.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    sheet = load_workbook(io.BytesIO(_body(client.get("/open-data/register.xlsx")))).active
    assert any(row[0] == "Trà Tân Cương" for row in sheet.iter_rows(values_only=True))
    records = json.loads(_body(client.get("/open-data/register.json")))["records"]
    assert [r["product"] for r in records] == ["Trà Tân Cương"]
    client.get("/open-data/register.json")
    assert len(writes) == 3  # one per format


def test_a_change_of_the_register_gives_new_files(client, register, writes):
    before = client.get("/open-data/register.csv")
    _body(before)
    recognise(make_product(register, name="Trà shan tuyết"), stars=3, day=TODAY - dt.timedelta(days=2))
    after = client.get("/open-data/register.csv")
    assert after["ETag"] != before["ETag"] and "Trà shan tuyết" in _body(after).decode("utf-8-sig")
    product = register.products.get(name="Trà Tân Cương")
    product.name = "Trà móc câu Tân Cương"
    product.save()
    assert "Trà móc câu Tân Cương" in _body(client.get("/open-data/register.csv")).decode("utf-8-sig")
    assert len(writes) == 3
    assert len(made_once.downloads().listdir("open-data/register-csv")[1]) == 1  # older versions removed


def test_while_one_process_makes_the_new_version_the_others_send_the_previous_one(client, register, writes):
    before = client.get("/open-data/register.csv")
    _body(before)
    recognise(make_product(register, name="Trà búp"), stars=3, day=TODAY - dt.timedelta(days=1))
    version = opendata_files.register_version()
    cache.add(f"making:open-data/register-csv/{version}.csv", 1, 60)  # another process is making it
    meanwhile = client.get("/open-data/register.csv")
    assert meanwhile["ETag"] == before["ETag"] and len(writes) == 1
    cache.delete(f"making:open-data/register-csv/{version}.csv")
    assert "Trà búp" in _body(client.get("/open-data/register.csv")).decode("utf-8-sig")


def test_after_a_change_the_worker_makes_the_files_and_downloads_only_read_them(client, province, writes,
                                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the commit enqueues the task (run at once in tests)
        producer = make_producer(province, name="HTX Trà sen Tây Hồ")
        recognise(make_product(producer, name="Trà ướp sen"), stars=4, day=TODAY - dt.timedelta(days=3))
    assert len(writes) == 3
    assert "Trà ướp sen" in _body(client.get("/open-data/register.csv")).decode("utf-8-sig")
    client.get("/open-data/register.xlsx")
    client.get("/open-data/register.json")
    assert len(writes) == 3

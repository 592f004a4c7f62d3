"""Buyers' inquiries that work: a contact checked and kept intact, what was typed kept on an error, a message
over the limit refused with the limit, a reference number and an e-mail copy, the producer's answer reaching
the buyer; slowed down per browser and per network in the shared cache, not per address alone."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.test import Client, override_settings

from ocop.core.clients import client_key
from ocop.notifications.models import Notification
from ocop.promotion.inquiries import PER_CLIENT, PER_SESSION, form_stamp
from ocop.promotion.models import Inquiry

from ..conftest import make_product, recognise

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.9"


@pytest.fixture(autouse=True)
def _quick_forms(monkeypatch):
    cache.clear()
    monkeypatch.setattr("ocop.promotion.inquiries.MIN_SECONDS", 0)


@pytest.fixture
def product(users):
    return recognise(make_product(users["producer_record"], name="Khô cá dứa")).product


def send(client, product, address=ADDRESS, **overrides):
    data = {"buyer_name": "Chị Lan", "buyer_contact": "khach0@gmail.com",
            "message": "Tôi muốn đặt 200 gói cho cửa hàng ở Hà Nội.", "stamp": form_stamp(), "website": ""}
    data.update(overrides)
    return client.post(f"/register/products/{product.pk}/inquiry/", data, REMOTE_ADDR=address)


def test_a_buyer_with_a_com_address_gets_a_reference_a_copy_and_the_answer(client, product, users,
                                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, product, message="Xin báo giá <script>alert(1)</script> tại http://spam.example.com nhé, "
                                                 "gửi về khach0@gmail.com")
    inquiry = Inquiry.objects.get()
    assert inquiry.buyer_contact == "khach0@gmail.com", "the contact is kept exactly as typed"
    assert "<script>" not in inquiry.message and "spam.example.com" not in inquiry.message
    follow = response["Location"]
    assert response.status_code == 302 and follow.startswith("/inquiries/follow/")
    page = client.get(follow).content.decode()
    assert inquiry.reference in page and re.fullmatch(r"LH-\d{4}-\d{5}", inquiry.reference)
    assert "Chưa có câu trả lời" in page
    copy = mail.outbox[-1]
    assert copy.to == ["khach0@gmail.com"] and inquiry.reference in copy.subject and follow in copy.body
    assert Notification.objects.filter(user=users["producer"], kind="inquiry").exists()

    client.force_login(users["producer"])
    assert "khach0@gmail.com" in client.get("/inquiries/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/inquiries/", {"inquiry": inquiry.pk, "answer": "Dạ, giá sỉ 80.000đ/gói, giao tận nơi."})
    answer = mail.outbox[-1]
    assert answer.to == ["khach0@gmail.com"] and "80.000đ/gói" in answer.body and follow in answer.body
    client.logout()
    assert "80.000đ/gói" in client.get(follow).content.decode()
    assert client.get("/inquiries/follow/not-a-token/").status_code == 404


@pytest.mark.parametrize("contact", ["0912 345 678", "+84 912 345 678", "0292.3812.345", "lan.nguyen@congty.com.vn"])
def test_a_phone_number_or_an_e_mail_address_is_kept_intact(client, product, contact):
    assert send(client, product, buyer_contact=contact).status_code == 302
    assert Inquiry.objects.get().buyer_contact == contact


@pytest.mark.parametrize("contact, reason", [
    ("khach0@gmail", "địa chỉ e-mail này chưa đầy đủ"),
    ("gọi cho tôi", "số điện thoại"),
    ("12345", "số điện thoại"),
    ("", "bắt buộc"),
])
def test_a_bad_contact_is_refused_beside_its_field_and_what_was_typed_is_kept(client, product, contact, reason):
    response = send(client, product, buyer_contact=contact, buyer_name="Anh Tư Sáu")
    assert response.status_code == 400 and not Inquiry.objects.exists()
    html = response.content.decode()
    error = re.search(r'id="id_buyer_contact_error">([^<]+)<', html)
    assert error and reason in error.group(1).lower()
    assert 'value="Anh Tư Sáu"' in html and "Tôi muốn đặt 200 gói cho cửa hàng ở Hà Nội." in html
    assert f'value="{contact}"' in html if contact else True


def test_a_message_over_the_limit_is_refused_with_the_limit_never_cut(client, product):
    long = "Xin chào, " + "tôi cần báo giá chi tiết. " * 100
    response = send(client, product, message=long)
    assert response.status_code == 400 and not Inquiry.objects.exists()
    html = response.content.decode()
    assert re.search(r'id="id_message_error">[^<]*2000[^<]*<', html), "the limit is said"
    assert long.strip() in html, "the text comes back whole, to be shortened"
    assert 'maxlength="2000"' not in html.split('id="id_message"')[1][:200], "no silent cut by the browser"


def test_robots_are_refused(client, product):
    assert send(client, product, website="http://bot").status_code == 400
    assert send(client, product, stamp="forged").status_code == 400
    assert not Inquiry.objects.exists()


def test_a_form_sent_too_fast_is_refused(client, product, monkeypatch):
    monkeypatch.setattr("ocop.promotion.inquiries.MIN_SECONDS", 3)
    response = send(client, product)
    assert response.status_code == 400 and "quá nhanh" in response.content.decode()


def test_one_browser_is_slowed_down_but_another_buyer_behind_the_same_address_is_not(client, product):
    for _ in range(PER_SESSION):
        assert send(client, product).status_code == 302
    slowed = send(client, product)
    assert slowed.status_code == 429 and 0 < int(slowed["Retry-After"]) <= 3600
    assert "phút" in slowed.content.decode() and "Tôi muốn đặt 200 gói" in slowed.content.decode()
    second_buyer = Client()
    assert send(second_buyer, product, buyer_name="Anh Minh").status_code == 302
    assert Inquiry.objects.count() == PER_SESSION + 1


def test_a_flood_from_one_network_stops_there(product):
    sent = [send(Client(), product, address=f"198.51.100.{i % 200}").status_code for i in range(PER_CLIENT + 3)]
    assert sent[:PER_CLIENT] == [302] * PER_CLIENT and sent[PER_CLIENT:] == [429] * 3
    assert send(Client(), product, address="192.0.2.10").status_code == 302, "another network still writes"


def test_the_count_is_kept_in_the_shared_cache_that_every_server_process_reads(product, tmp_path, rf):
    """Production keeps the cache in Redis or in files of the data folder (never in a process's memory): a
    process that opens the same cache sees the counts another one wrote."""
    import ocop.settings as production

    assert production.CACHES["default"]["BACKEND"].endswith(("filebased.FileBasedCache", "redis.RedisCache"))
    shared = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    with override_settings(CACHES=shared):
        for _ in range(2):
            assert send(Client(), product).status_code == 302
        request = rf.get("/", REMOTE_ADDR=ADDRESS)
        other_process = FileBasedCache(str(tmp_path), {})
        assert other_process.get(f"allowance:inquiry:{client_key(request)}") == 2


def test_the_producer_and_the_buyer_see_the_same_local_time(client, product, users):
    import datetime as dt

    from django.utils import timezone

    send(client, product)
    inquiry = Inquiry.objects.get()
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=dt.datetime(2026, 11, 24, 19, 34, tzinfo=dt.timezone.utc))
    assert timezone.get_current_timezone_name() == "Asia/Ho_Chi_Minh"
    client.force_login(users["producer"])
    assert "25/11/2026 02:34" in client.get("/inquiries/").content.decode(), "Vietnam's time, not UTC"
